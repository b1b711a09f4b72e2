"""What the import commands write before each error: its row, line and column, in the active
language (``ctouvertes/import_errors.py`` writes it; the tests rebuild it with ``gettext``)."""

from django.utils.translation import gettext

ROW_AND_COLUMN = "Row %(row)s (line %(line)s), column “%(column)s”: %(message)s"


def location(row, column, message=""):
    """The start of an error of ``row`` and ``column`` in the active language."""
    return gettext(ROW_AND_COLUMN) % {
        "row": row,
        "line": row + 1,
        "column": column,
        "message": message,
    }
