"""The one guard every uploaded spreadsheet goes through before and while it is read.

A focal point's file is untrusted: an XLSX workbook is a zip archive of XML parts, and each part
can hurt the server — an XML entity (external: XXE; nested: "billion laughs"), a zip member that
expands a thousand times (a 415 KB file whose shared strings expand to 170 MB), a sheet of a
million rows, a row padded to the last column. Here:

- ``check_upload_size`` and ``check_xlsx_archive`` refuse a file from its size and from the zip
  directory alone, before anything is decompressed: compressed size, total uncompressed size,
  compression ratio of each member (a zip bomb) and number of members;
- ``open_xlsx`` opens what passed with openpyxl, which parses every XML part with ``defusedxml``
  (entities and external references are refused), in read-only mode and without evaluating
  anything (formulas are read as their text);
- ``SafeWorkbook.rows`` reads a sheet row by row, stops past ``MAX_ROWS`` rows, refuses a value
  beyond ``MAX_COLUMNS`` columns or a sheet spanning more than ``MAX_CELLS`` cells (last row ×
  last column holding a value; once past it no value is kept) and reports each formula cell, so
  that the caller can warn; ``read_xlsx_table`` builds its table only from what passed;
- ``read_csv_text`` refuses an oversized or non-UTF-8 CSV file.

Every problem — at open or while rows are read — is a ``SpreadsheetError`` with a translated
message (and the sheet's name when known). Callers turn it into their own located error, so an
import refuses the file cleanly, stores nothing and answers with the form.

The limits are module constants; a setting of the same name prefixed with ``SPREADSHEET_``
overrides each one (``SPREADSHEET_MAX_ROWS`` ...), read at each use. They are Django settings
(``settings.py`` or a settings module), not environment variables.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import tablib
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.formats import base_formats
from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

#: The largest file accepted (bytes, as uploaded).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: The largest total size of an XLSX archive's members once decompressed (bytes).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
#: A member expanding more than this many times its compressed size is a zip bomb...
MAX_COMPRESSION_RATIO = 100
#: ... when it expands to more than this (small parts of a real workbook compress very well).
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
#: The most members an XLSX archive may hold (sheets, styles, relations...).
MAX_ZIP_MEMBERS = 500
#: The most rows a sheet may hold, header included.
MAX_ROWS = 20_000
#: The last column read; a value beyond it refuses the file. The widest sheet the portal reads
#: (``projects`` of the programme file) has 47 columns; the import-export resources at most 39.
MAX_COLUMNS = 100
#: The most cells a sheet may span: its last row holding a value × its last column holding a
#: value (a sparse file of a few KB can span millions of cells that a reader would fill).
MAX_CELLS = 1_000_000
#: How many errors an import shows; the others are counted.
MAX_ERRORS_SHOWN = 200


def limit(name):
    """The limit ``name`` (``"MAX_ROWS"``...): the setting ``SPREADSHEET_<name>`` when there is
    one, else this module's constant."""
    return getattr(settings, f"SPREADSHEET_{name}", globals()[name])


class SpreadsheetError(Exception):
    """The file cannot be read safely; nothing of it may be stored. ``message`` is translated
    (in the language active when it was raised); ``sheet`` names the sheet when known."""

    def __init__(self, message, sheet=None):
        self.message = str(message)
        self.sheet = sheet
        super().__init__(self.message)


def unreadable(reason, sheet=None):
    return SpreadsheetError(
        _("This file is not a readable .xlsx workbook: %(reason)s") % {"reason": reason}, sheet
    )


def parse_error_reason(error):
    """Why openpyxl (or zipfile, or defusedxml) could not read a workbook, in words. openpyxl
    wraps some errors in its own (a ``ValueError``): the chain of causes is searched."""
    seen = error
    while seen is not None:
        if isinstance(seen, EntitiesForbidden | DTDForbidden | ExternalReferenceForbidden):
            error = seen
            break
        seen = seen.__cause__ or seen.__context__
    if isinstance(error, EntitiesForbidden):
        return _("it declares XML entities, which the portal refuses.")
    if isinstance(error, DTDForbidden):
        return _("it declares an XML document type, which the portal refuses.")
    if isinstance(error, ExternalReferenceForbidden):
        return _("it refers to external resources, which the portal refuses.")
    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
        return _("its zip archive is damaged.")
    if isinstance(error, ParseError):
        return _("one of its XML parts is not valid XML.")
    if isinstance(error, KeyError):
        return _("a part of the workbook is missing.")
    return _("its content is damaged or not a spreadsheet.")


# --- before parsing -------------------------------------------------------------------------


def read_upload(file):
    """The bytes of an uploaded file (a path's content, a file object or bytes), refused when
    larger than ``MAX_UPLOAD_BYTES`` — read no further than that."""
    maximum = limit("MAX_UPLOAD_BYTES")
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            try:
                file.seek(0)
            except (OSError, ValueError):
                pass
        data = file.read(maximum + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    check_upload_size(len(data))
    return data


def check_upload_size(size):
    maximum = limit("MAX_UPLOAD_BYTES")
    if size > maximum:
        raise SpreadsheetError(
            _("The file is larger than %(size)s MB: the portal refuses it.")
            % {"size": _megabytes(maximum)}
        )


def _megabytes(size):
    return f"{size / (1024 * 1024):g}"


def check_xlsx_archive(data):
    """Refuse a workbook from its zip directory alone (nothing is decompressed): not a zip,
    too many members, too large once decompressed, or a member that expands like a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        raise unreadable(_("it is not a zip archive, or a damaged one.")) from None
    with archive:
        members = archive.infolist()
    if len(members) > limit("MAX_ZIP_MEMBERS"):
        raise unreadable(
            _("it holds %(count)s parts; the portal reads at most %(limit)s.")
            % {"count": len(members), "limit": limit("MAX_ZIP_MEMBERS")}
        )
    total = sum(member.file_size for member in members)
    if total > limit("MAX_UNCOMPRESSED_BYTES"):
        raise unreadable(
            _("it expands to more than %(size)s MB; the portal refuses it.")
            % {"size": _megabytes(limit("MAX_UNCOMPRESSED_BYTES"))}
        )
    ratio = limit("MAX_COMPRESSION_RATIO")
    for member in members:
        if member.file_size <= limit("RATIO_CHECKED_FROM_BYTES"):
            continue
        if member.file_size > ratio * max(member.compress_size, 1):
            raise unreadable(
                _(
                    "its part “%(part)s” expands more than %(ratio)s times (a zip bomb); "
                    "the portal refuses it."
                )
                % {"part": member.filename, "ratio": ratio}
            )


def read_csv_text(file):
    """The text of a CSV upload: at most ``MAX_UPLOAD_BYTES``, UTF-8 (a BOM is dropped)."""
    data = read_upload(file)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The CSV file is not encoded in UTF-8.")) from None


def check_row_count(count, sheet=None):
    """Refuse a table of more than ``MAX_ROWS`` rows (header included)."""
    if count > limit("MAX_ROWS"):
        raise too_many_rows(sheet)


def check_cell_count(rows, columns, sheet=None):
    """Refuse a sheet spanning more than ``MAX_CELLS`` cells: ``rows`` (its last row holding a
    value) × ``columns`` (its last column holding a value)."""
    maximum = limit("MAX_CELLS")
    if rows * columns > maximum:
        raise SpreadsheetError(
            _(
                "the sheet has %(rows)s rows × %(columns)s columns up to its last values "
                "(%(cells)s cells); the portal reads at most %(limit)s cells."
            )
            % {"rows": rows, "columns": columns, "cells": rows * columns, "limit": maximum},
            sheet,
        )


def too_many_rows(sheet):
    maximum = limit("MAX_ROWS")
    if sheet:
        message = _("the sheet has more than %(limit)s rows; split it into several files.") % {
            "limit": maximum
        }
    else:
        message = _("the file has more than %(limit)s rows; split it into several files.") % {
            "limit": maximum
        }
    return SpreadsheetError(message, sheet)


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormulaCell:
    """A formula met while reading: its row (as the spreadsheet numbers it), its column index
    (0 for the first column) and its text."""

    row: int
    column: int
    text: str


@dataclass
class SheetRows:
    """What ``SafeWorkbook.rows`` read of a sheet: ``(row number, values)`` pairs of the rows
    present in the file (missing rows are not invented) and the formula cells found."""

    name: str
    rows: list = field(default_factory=list)
    formulas: list = field(default_factory=list)


def open_xlsx(file):
    """A ``SafeWorkbook`` of an uploaded XLSX file, checked before parsing; raises
    ``SpreadsheetError``."""
    data = read_upload(file)
    check_xlsx_archive(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl, zipfile and defusedxml raise many kinds of errors
        raise unreadable(parse_error_reason(error), _failing_sheet(data)) from error
    return SafeWorkbook(book)


def _failing_sheet(data):
    """The name of the first sheet whose XML cannot be parsed (openpyxl reads every sheet's
    size when it opens a workbook, and does not say which one failed), or None. Every part is
    parsed with defusedxml; the archive passed ``check_xlsx_archive``."""
    from defusedxml.ElementTree import fromstring, iterparse

    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = fromstring(archive.read("xl/workbook.xml"))
            rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
            for sheet in book.findall(".//{*}sheet"):
                target = targets.get(sheet.get(relationships), "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                try:
                    with archive.open(part) as source:
                        for _event, element in iterparse(source):
                            element.clear()
                except Exception:  # the part is missing or cannot be parsed
                    return sheet.get("name")
    except Exception:
        return None
    return None


class SafeWorkbook:
    """An openpyxl read-only workbook whose sheets are read through ``rows`` only."""

    def __init__(self, book):
        self.book = book
        self.sheetnames = list(book.sheetnames)
        #: What the caller wants to tell about the file without refusing it (formula cells).
        self.warnings = []

    @property
    def active_sheet_name(self):
        try:
            return self.book.active.title
        except Exception:
            return self.sheetnames[0] if self.sheetnames else None

    def rows(self, name):
        """Every row of sheet ``name`` present in the file, values only, with the formulas found.

        Raises ``SpreadsheetError`` (naming the sheet) when the sheet cannot be parsed, holds
        a value below row ``MAX_ROWS`` or beyond column ``MAX_COLUMNS``, or spans more than
        ``MAX_CELLS`` cells (its last row with a value × its last column with a value). Past
        that many cells no value is kept: the rest of the sheet is only read to size it."""
        worksheet = self.book[name]
        max_rows, max_columns = limit("MAX_ROWS"), limit("MAX_COLUMNS")
        max_cells = limit("MAX_CELLS")
        result = SheetRows(name)
        last_row = last_column = 0
        try:
            with worksheet._get_source() as source:
                parser = WorkSheetParser(
                    source,
                    worksheet._shared_strings,
                    data_only=False,
                    epoch=self.book.epoch,
                    date_formats=self.book._date_formats,
                    timedelta_formats=self.book._timedelta_formats,
                )
                for number, cells in parser.parse():
                    values = self._row_values(name, number, cells, max_columns, result)
                    if not values:
                        continue  # a formatted row without values
                    if number > max_rows:
                        raise too_many_rows(name)
                    last_row, last_column = number, max(last_column, len(values))
                    if last_row * last_column > max_cells:
                        result.rows.clear()
                        result.formulas.clear()
                        continue  # sized, not kept: refused below
                    result.rows.append((number, tuple(values)))
        except SpreadsheetError:
            raise
        except Exception as error:  # raised while the sheet's XML is parsed
            raise unreadable(parse_error_reason(error), name) from error
        check_cell_count(last_row, last_column, name)
        return result

    @staticmethod
    def _row_values(name, number, cells, max_columns, result):
        values = []
        for cell in cells:
            value = cell["value"]
            if value is None:
                continue
            index = cell["column"] - 1
            if index >= max_columns:
                raise SpreadsheetError(
                    _("the sheet has values beyond column %(limit)s; the portal refuses it.")
                    % {"limit": max_columns},
                    name,
                )
            if cell["data_type"] == "f":
                value = str(getattr(value, "text", None) or value)
                result.formulas.append(FormulaCell(number, index, value))
            if index >= len(values):
                values.extend([None] * (index + 1 - len(values)))
            values[index] = value
        return values

    def close(self):
        self.book.close()


def read_xlsx_table(file, sheet_name=None):
    """The header and the data rows of one sheet (the active one by default) of an XLSX upload,
    as a ``(name, header, rows, formulas)`` tuple: rows are lists of values, one per spreadsheet
    row after the header (a row absent from the file between two rows present is empty, so that
    positions match the spreadsheet's numbering; tablib datasets need real rows). The table is
    at most ``MAX_CELLS`` cells: ``SafeWorkbook.rows`` refused a sheet spanning more, and the
    table's size is checked again before it is built."""
    book = open_xlsx(file)
    try:
        name = sheet_name or book.active_sheet_name
        if name is None or name not in book.sheetnames:
            raise unreadable(_("it holds no sheet."))
        sheet = book.rows(name)
    finally:
        book.close()
    if not sheet.rows:
        return name, [], [], sheet.formulas
    first_number, header = sheet.rows[0]
    width = len(header)
    check_cell_count(sheet.rows[-1][0] - first_number + 1, width, name)
    rows = []
    expected = first_number + 1
    for number, values in sheet.rows[1:]:
        rows.extend([None] * width for _gap in range(number - expected))
        values = list(values[:width]) + [None] * (width - len(values))
        rows.append(values)
        expected = number + 1
    return name, list(header), rows, sheet.formulas


# --- reporting --------------------------------------------------------------------------------


def capped(errors):
    """The errors to show and the number left off: the first ``MAX_ERRORS_SHOWN``."""
    errors = list(errors)
    shown = limit("MAX_ERRORS_SHOWN")
    return errors[:shown], max(len(errors) - shown, 0)


def more_errors(count):
    """The line that ends a capped list of errors."""
    return ngettext(
        "… and %(count)s more error.",
        "… and %(count)s more errors.",
        count,
    ) % {"count": count}


def formula_warning():
    return _("a formula was imported as its text; type the value instead.")


# --- django-import-export ---------------------------------------------------------------------


def dataset_from_table(sheet, header, rows):
    dataset = tablib.Dataset(headers=header or None)
    for row in rows:
        dataset.append(row)
    dataset.title = sheet
    return dataset


class SafeCSV(base_formats.CSV):
    """django-import-export's CSV format, read through this guard (size, UTF-8, rows). The
    admin shows a ``SpreadsheetError``'s message on the import form
    (``programmes.admin.ScopedImportExportMixin``)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        dataset = super().create_dataset(read_csv_text(in_stream), **kwargs)
        check_row_count(len(dataset) + 1)
        return dataset


class SafeXLSX(base_formats.XLSX):
    """django-import-export's XLSX format, read through this guard: the first sheet, formulas
    as their text."""

    def create_dataset(self, in_stream):
        sheet, header, rows, _formulas = read_xlsx_table(in_stream)
        return dataset_from_table(sheet, header, rows)


class SafeImportAdminMixin:
    """For a django-import-export admin: CSV and XLSX read through this guard, and a refused
    file's reason shown on the import form (django-import-export shows only the error's type).
    Put it before the import-export mixin among the bases."""

    formats = [SafeCSV, SafeXLSX]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):  # the admin decodes a CSV file before reading it
            e = SpreadsheetError(_("The CSV file is not encoded in UTF-8."))
        if isinstance(e, SpreadsheetError):
            message = e.message
            if e.sheet:
                message = _("Sheet “%(sheet)s”: %(message)s") % {
                    "sheet": e.sheet,
                    "message": message,
                }
            form.add_error("import_file", message)
        else:
            super().add_data_read_fail_error_to_form(form, e)
