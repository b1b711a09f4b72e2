"""Spreadsheet cells that are safe to open: formula ("CSV") injection is neutralised.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs,
a tab or a carriage return) as a formula: ``=HYPERLINK("http://x", "click")`` in a citizen's idea
would become a live link in the committee's workbook. Every export of the portal (CSV and XLSX)
writes such a text with a leading single quote, so that it is read as text.

``NeutralisingResourceMixin`` applies this to every exported cell of a django-import-export
resource and removes that quote again when a file is imported, so that a file exported and
imported back stores the same texts.
"""

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula; any value
    that is not a text (a number, a date, ``None``) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value
    return value


def restore(value):
    """The text ``neutralise`` was given: a leading ``'`` before a formula character goes."""
    if isinstance(value, str) and value[:1] == QUOTE and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class NeutralisingResourceMixin:
    """For a django-import-export resource: exported cells are neutralised, imported cells are
    restored. Put it first among the bases."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def import_row(self, row, instance_loader, **kwargs):
        for column, value in list(row.items()):
            row[column] = restore(value)
        return super().import_row(row, instance_loader, **kwargs)
