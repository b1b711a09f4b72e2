"""Errors of a spreadsheet import (django-import-export), located and fully translated.

Both the member list (``network.services.import_members``) and the paper ideas
(``consultations.services.import_paper_ideas``) report their problems as ``RowError``; the
programme workbook has its own (``programmes.workbook.Problem``) with the same wording.

Every part of a message goes through ``gettext`` — the location ("Row 3 (line 4), column
“email”: …") as well as the message — so an Arabic message carries no English prefix. The text is
produced by ``str()`` in the language active at that moment (``--language`` of a command, the
request's language in the admin).
"""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class RowError:
    """One problem of an import file.

    ``row`` counts data rows from 1 (the header is line 1, so row ``n`` is line ``n + 1`` of the
    file); ``None`` for a problem of the whole file. ``field`` is the column's name as written in
    the file's header, or ``None``. ``sheet`` is the name of the XLSX sheet read (``None`` for a
    CSV file): there the row is given as the spreadsheet numbers it, ``n + 1``.
    """

    row: int | None
    field: str | None
    message: str
    sheet: str | None = None

    def __str__(self):
        values = {"column": self.field, "message": self.message, "sheet": self.sheet}
        if self.row:
            values |= {"row": self.row, "line": self.row + 1}
        if self.sheet:
            if self.row:
                # The number the spreadsheet shows on the left of the row.
                values["row"] = self.row + 1
                if self.field:
                    text = _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s")
                else:
                    text = _("Sheet “%(sheet)s”, row %(row)s: %(message)s")
            elif self.field:
                text = _("Sheet “%(sheet)s”, column “%(column)s”: %(message)s")
            else:
                text = _("Sheet “%(sheet)s”: %(message)s")
        elif self.row:
            if self.field:
                text = _("Row %(row)s (line %(line)s), column “%(column)s”: %(message)s")
            else:
                text = _("Row %(row)s (line %(line)s): %(message)s")
        elif self.field:
            text = _("Column “%(column)s”: %(message)s")
        else:
            text = _("File: %(message)s")
        return text % values


def _messages(error):
    """The texts of an exception: each message of a ``ValidationError``, else ``str(error)``."""
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error)]


def result_errors(result, *, sheet=None):
    """Every problem of a django-import-export ``Result`` as ``RowError``, sorted by row then
    column: errors of the whole file (raised by ``before_import``...), errors of a row (an
    exception while storing it) and validation errors of a cell (``error_dict`` of an invalid
    row; ``NON_FIELD_ERRORS`` become errors of the row)."""
    errors = [
        RowError(None, None, message, sheet)
        for error in result.base_errors
        for message in _messages(error.error)
    ]
    for number, row_errors in result.row_errors():
        errors.extend(
            RowError(number, None, message, sheet)
            for error in row_errors
            for message in _messages(error.error)
        )
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            column = None if column == NON_FIELD_ERRORS else column
            errors.extend(
                RowError(invalid.number, column, str(message), sheet) for message in messages
            )
    return sorted(errors, key=lambda error: (error.row or 0, error.field or ""))


def refused(file, count):
    """The last line of a command whose file was refused with ``count`` errors."""
    return ngettext(
        "%(count)s error in %(file)s: nothing was stored.",
        "%(count)s errors in %(file)s: nothing was stored.",
        count,
    ) % {"count": count, "file": file}
