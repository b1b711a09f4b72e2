"""The machinery of the programme file (XLSX): columns, cell parsing, located problems, sheets
read and written, the ``codes`` sheet its drop-down lists refer to, and the ``read_me`` sheet.

Nothing here knows about a particular sheet: ``programmes.workbook`` defines the programme's
sheets and ``consultations.workbook`` the co-creation's, both with these functions. The rules a
focal point relies on (``docs/workbook.md``):

- dates are spreadsheet dates or text ``DD/MM/YYYY``, ``DD-MM-YYYY`` (day first) or ``YYYY-MM-DD``;
- numbers may hold spaces (also non-breaking ones) between groups of digits; a comma followed by
  groups of exactly three digits separates thousands (``1,500,000``), any other single comma is
  the decimal mark (``25 000,50``); a point is always the decimal mark;
- a coded column takes its code or its label in any of the portal's languages, in any case;
- a text in an amount column is kept as written in the column's note, the amount left empty.
"""

import datetime
import functools
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ctouvertes.spreadsheet_safety import SpreadsheetError, formula_warning, open_xlsx
from ctouvertes.spreadsheets import neutralise, restore

from .workbook_labels import (
    FILE_LANGUAGES,
    column_label,
    file_language,
    header_names,
    match_sheet,
    normalise,
    sheet_label,
)

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
#: The languages of the ``codes`` and ``read_me`` sheets.
HELP_LANGUAGES = ("ar", "fr")
TRUE_WORDS = {"yes", "y", "true", "1", "oui", "نعم", "ⵢⴰⵀ"}
FALSE_WORDS = {"no", "n", "false", "0", "non", "لا", "ⵓⵀⵓ"}
YES_NO = (("yes", "نعم", "oui"), ("no", "لا", "non"))
_TRUE = {normalise(word) for word in TRUE_WORDS}
_FALSE = {normalise(word) for word in FALSE_WORDS}
CODES_SHEET = "codes"
READ_ME_SHEET = "read_me"
#: How many rows below the last exported one keep the drop-down lists.
SPARE_ROWS = 500
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
DATE_PATTERNS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
TIME_PATTERNS = ("%H:%M", "%H:%M:%S")


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``kind``: text, int, decimal, amount (a decimal whose text goes to the ``note`` column),
    date, datetime, bool, choice (one code of ``choices``, a ``TextChoices`` class) or codes
    (several codes separated by ``;``; ``choices`` names the drop-down list when the codes are
    in the database). ``help`` is a lazy translated text for the ``read_me`` sheet.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: object = None
    help: object = ""
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple
    help: object = ""
    required: bool = False

    def column(self, name):
        return next(column for column in self.columns if column.name == name)


def translated(name, help, required=False, kind="text"):
    """One column per language: ``title_ar``, ``title_fr``, ``title_zgh``."""
    return tuple(
        Column(f"{name}_{code}", kind, required=required and code == LANGUAGES[0], help=help)
        for code in LANGUAGES
    )


# --- problems ---------------------------------------------------------------------------


@dataclass
class Problem:
    """A located problem: ``sheet`` and ``column`` are the keys the code uses; the labels are
    the names the file itself shows (Arabic, French or the English keys), set by
    ``locate_problems`` once the file is read."""

    sheet: str
    row: int | None
    column: str
    message: str
    sheet_label: str = ""
    column_label: str = ""

    def __str__(self):
        if not self.sheet:
            return str(self.message)
        sheet = self.sheet_label or self.sheet
        if self.row is None:
            return _("Sheet “%(sheet)s”: %(message)s") % {
                "sheet": sheet,
                "message": self.message,
            }
        return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s") % {
            "sheet": sheet,
            "row": self.row,
            "column": self.column_label or self.column,
            "message": self.message,
        }


def locate_problems(book, problems):
    """Name each problem's sheet and column as the file ``book`` names them: the title and
    header found when the sheet was read, else the label in the file's language."""
    found = getattr(book, "found", {})
    language = getattr(book, "language", None)
    for problem in problems:
        if not problem.sheet:
            continue
        title, headers = found.get(problem.sheet, (None, {}))
        problem.sheet_label = title or sheet_label(problem.sheet, language)
        if problem.column:
            problem.column_label = headers.get(problem.column) or column_label(
                problem.column, language
            )
    return problems


class WorkbookError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(problems)

    def __str__(self):
        # Built when asked for: a refused file may hold tens of thousands of problems.
        return "\n".join(str(problem) for problem in self.problems)


@dataclass
class SheetRow:
    """A non-empty row as read: its spreadsheet number (the header is row 1) and its values by
    column name, parsed (``None`` where the cell could not be)."""

    sheet: str
    number: int
    values: dict


@dataclass
class Record:
    """One valid row ready to store: the model's field values (``fields``), the key that
    matches it with the stored row, and the numbers or codes linking it to other rows."""

    row: int
    fields: dict
    key: tuple = ()
    links: dict = field(default_factory=dict)


# --- coded columns ----------------------------------------------------------------------


def list_name(column):
    """The name of a column's drop-down list on the ``codes`` sheet (None: no list)."""
    if column.kind == "bool":
        return "yes_no"
    if isinstance(column.choices, str):
        return column.choices
    if column.choices is not None:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", column.choices.__name__).lower()
    return None


def choice_entries(choices):
    """``[(code, Arabic label, French label)]`` of a ``TextChoices`` class."""
    labels = {}
    for language in HELP_LANGUAGES:
        with translation.override(language):
            labels[language] = [str(label) for label in choices.labels]
    return list(zip(choices.values, *(labels[code] for code in HELP_LANGUAGES), strict=True))


_LOOKUPS = {}


def choice_lookup(choices):
    """Every accepted spelling of a ``TextChoices`` class's codes, normalised (``normalise``:
    case, spaces and Arabic spellings ignored): each code and its label in each of the
    portal's languages (and the English source)."""
    if choices not in _LOOKUPS:
        lookup = {}
        for code in choices.values:
            lookup[normalise(code)] = code
        for language in (*LANGUAGES, "en"):
            with translation.override(language):
                for code, label in zip(choices.values, choices.labels, strict=True):
                    lookup.setdefault(normalise(label), code)
        _LOOKUPS[choices] = lookup
    return _LOOKUPS[choices]


# --- cells: reading ---------------------------------------------------------------------


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class WrittenAmount:
    """A text written in an amount column: kept as written, the amount left empty."""

    text: str


def to_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    return str(value).strip()


def parse_number(text):
    """A ``Decimal`` from a number as people write it (see the module's docstring), or None."""
    compact = text.translate(SPACES)
    if THOUSANDS.fullmatch(compact):
        compact = compact.replace(",", "")
    elif compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    if not PLAIN_NUMBER.fullmatch(compact):
        return None
    return Decimal(compact)


def parse_date(value, text):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("“%(value)s” is not a date (write DD/MM/YYYY or YYYY-MM-DD).") % {"value": text}
    )


def parse_datetime(value, text):
    """An aware datetime; a date alone is midnight in the portal's time zone."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        day_text, _space, time_text = text.partition(" ")
        moment = None
        for pattern in TIME_PATTERNS:
            try:
                moment = datetime.datetime.combine(
                    parse_date(value, day_text),
                    datetime.datetime.strptime(time_text.strip() or "00:00", pattern).time(),
                )
                break
            except ValueError:
                continue
        if moment is None:
            raise CellError(
                _("“%(value)s” is not a date (write DD/MM/YYYY or YYYY-MM-DD).") % {"value": text}
            )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_cell(column, value):
    text = restore(to_text(value))
    if column.kind == "text":
        return text
    if text == "":
        if column.kind == "codes":
            return []
        return "" if column.kind == "choice" else None
    if column.kind in ("int", "decimal", "amount"):
        number = parse_number(text)
        if number is None and column.kind == "amount":
            return WrittenAmount(text)
        if number is None:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text})
        if column.kind == "int":
            if number != number.to_integral_value():
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
            return int(number)
        return number
    if column.kind == "date":
        return parse_date(value, text)
    if column.kind == "datetime":
        return parse_datetime(value, text)
    if column.kind == "bool":
        lowered = normalise(text)
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise CellError(_("“%(value)s” is not yes or no.") % {"value": text})
    if column.kind == "choice":
        lookup = choice_lookup(column.choices)
        code = lookup.get(normalise(text))
        if code is None:
            raise CellError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(c for c in column.choices.values if c)}
            )
        return code
    if column.kind == "codes":
        lookup = choice_lookup(column.choices) if isinstance(column.choices, type) else None
        codes = []
        for part in text.replace(",", ";").replace("؛", ";").split(";"):
            part = part.strip()
            if not part:
                continue
            code = lookup.get(normalise(part)) if lookup else part.lower()
            if code is None:
                raise CellError(
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": part, "choices": ", ".join(column.choices.values)}
                )
            codes.append(code)
        return codes
    raise AssertionError(column.kind)


def keep_written_amounts(sheet, values):
    """A text in an amount column goes to its note column (after what the note already says,
    when it says something else); the amount stays empty."""
    for column in sheet.columns:
        written = values.get(column.name)
        if column.kind == "amount" and isinstance(written, WrittenAmount):
            values[column.name] = None
            note = values.get(column.note) or ""
            if note and note != written.text:
                values[column.note] = f"{note} — {written.text}"
            else:
                values[column.note] = written.text


# --- sheets: reading --------------------------------------------------------------------


def open_workbook(file):
    """The uploaded workbook, through ``ctouvertes.spreadsheet_safety`` (limits checked from
    the zip directory first, XML parsed with defusedxml, formulas read as their text). Its
    ``warnings`` collect the formula cells met while its sheets are read (``Problem``); ``found``
    the title and headers of each sheet read (sheet key → (title, {column key: header})), and
    ``language`` the language its sheet names are in (None: the English keys)."""
    try:
        book = open_xlsx(file)
    except SpreadsheetError as error:
        raise WorkbookError([Problem(error.sheet or "", None, "", error.message)]) from error
    book.found = {}
    book.language = None
    return book


def _title_language(name, title):
    """The language whose label of the sheet ``name`` the file's ``title`` is (None: a key)."""
    spelt = normalise(title)
    return next(
        (code for code in FILE_LANGUAGES if normalise(sheet_label(name, code)) == spelt), None
    )


def _header_positions(sheet, header, problems, found=None):
    """Column key → index in the row, for a header in any language (see ``workbook_labels``);
    ``found`` collects the header as the file writes it (column key → text)."""
    names = header_names(column.name for column in sheet.columns)
    positions = {}
    for index, text in enumerate(header or ()):
        text = to_text(text)
        name = names.get(normalise(text))
        if name and name not in positions:
            positions[name] = index
            if found is not None:
                found[name] = text
    missing = [c.name for c in sheet.columns if c.required and c.name not in positions]
    for name in missing:
        problems.append(
            Problem(sheet.name, 1, name, _("this required column is missing from the header."))
        )
    return None if missing else positions


# Cell values whose parsed value is cached per column while a sheet is read (a column repeats
# few values: dates, statuses, numbers); a list (codes) or a written amount is parsed each time.
_CACHED_CELL_TYPES = (str, int, float, bool, datetime.date, datetime.datetime, datetime.time)


def _parse_cached(column, raw, cache):
    if raw is not None and type(raw) not in _CACHED_CELL_TYPES:
        return parse_cell(column, raw)
    key = (column.name, type(raw), raw)
    try:
        return cache[key]
    except KeyError:
        value = parse_cell(column, raw)  # a CellError is raised each time, never cached
        if not isinstance(value, list | WrittenAmount):
            cache[key] = value
        return value


def _read_row(sheet, number, cells, positions, problems, cache=None):
    values = {}
    cache = {} if cache is None else cache
    for column in sheet.columns:
        index = positions.get(column.name)
        raw = cells[index] if index is not None and index < len(cells) else None
        try:
            values[column.name] = _parse_cached(column, raw, cache)
        except CellError as error:
            problems.append(Problem(sheet.name, number, column.name, str(error)))
            values[column.name] = None
            continue
        if column.required and values[column.name] in ("", None, []):
            problems.append(Problem(sheet.name, number, column.name, _("this value is required.")))
    keep_written_amounts(sheet, values)
    return SheetRow(sheet.name, number, values)


def read_sheet(book, sheet, problems):
    """The sheet's non-empty rows, or None when the file has no such sheet (an optional sheet
    that is absent leaves what it would hold untouched)."""
    title = match_sheet(sheet.name, book.sheetnames)
    if title is None:
        if sheet.required:
            problems.append(Problem(sheet.name, None, "", _("the sheet is missing.")))
        return None
    headers = {}
    if hasattr(book, "found"):
        book.found[sheet.name] = (title, headers)
        book.language = book.language or _title_language(sheet.name, title)
    try:
        read = book.rows(title)
    except SpreadsheetError as error:
        # A sheet that cannot be read safely stops the import here: nothing is stored.
        raise WorkbookError(
            [*problems, Problem(error.sheet or sheet.name, None, "", error.message)]
        ) from error
    header = read.rows[0][1] if read.rows and read.rows[0][0] == 1 else None
    positions = _header_positions(sheet, header, problems, headers)
    if positions is None:
        return []
    _warn_formulas(book, sheet, read.formulas, positions)
    rows = []
    cache = {}
    for number, cells in read.rows:
        if number == 1 or all(to_text(cell) == "" for cell in cells):
            continue
        rows.append(_read_row(sheet, number, cells, positions, problems, cache))
    return rows


def _warn_formulas(book, sheet, formulas, positions):
    """A warning on each formula cell of a column the sheet reads: it is imported as its text
    (the portal computes nothing), which the focal point should replace by the value."""
    names = {index: name for name, index in positions.items()}
    columns = {column.name for column in sheet.columns}
    for formula in formulas:
        name = names.get(formula.column)
        if formula.row > 1 and name in columns:
            book.warnings.append(Problem(sheet.name, formula.row, name, formula_warning()))


def check_unique(rows, key_columns, problems, key=None):
    """A problem on each row whose key (the values of ``key_columns``, or ``key(row)``) an
    earlier row has."""
    seen = {}
    for row in rows:
        value = key(row) if key else tuple(row.values.get(column) for column in key_columns)
        if value is None or None in value:
            continue
        if value in seen:
            problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    key_columns[-1],
                    _("duplicate of row %(row)s.") % {"row": seen[value]},
                )
            )
        else:
            seen[value] = row.number


def check_reference(rows, column, known, problems, message):
    """A problem on each row whose ``column`` names something absent from ``known``."""
    for row in rows:
        value = row.values.get(column)
        if value is not None and value not in known:
            problems.append(Problem(row.sheet, row.number, column, message % {"number": value}))


@functools.cache
def _concrete_fields(model):
    return {f.attname: f for f in model._meta.concrete_fields}


@functools.cache
def _concrete_names(model):
    names = set()
    for model_field in model._meta.concrete_fields:
        names.update({model_field.name, model_field.attname})
    return tuple(names)


def model_fields(row, model, skip=()):
    """The row's values for ``model``'s fields; an empty cell takes the field's default."""
    fields = _concrete_fields(model)
    values = {}
    for key, value in row.values.items():
        if key not in fields or key in skip:
            continue
        model_field = fields[key]
        if value in ("", None) and not model_field.blank and model_field.has_default():
            value = model_field.get_default()
        values[key] = value
    return values


def validate(model, fields, row, problems, exclude=(), columns=None):
    """Model validation (field validators and clean()) of ``fields``, located on the row's
    columns (``columns`` maps a field to the column that holds it)."""
    # Only the file's fields are checked: the others keep their (valid) defaults.
    try:
        errors = _light_clean(model, fields, exclude)
    except _NotLight:
        errors = _full_clean(model, fields, exclude)
    for field_name, messages in errors.items():
        column = (columns or {}).get(field_name, field_name if field_name != "__all__" else "")
        for message in messages:
            problems.append(Problem(row.sheet, row.number, column, message))


def _full_clean(model, fields, exclude):
    unchecked = [name for name in _concrete_names(model) if name not in fields]
    try:
        model(**fields).full_clean(
            exclude=[*exclude, *unchecked], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return error.message_dict
    return {}


class _NotLight(Exception):
    pass


@functools.cache
def _light_model(model):
    """What ``_light_clean`` needs of ``model``, or None when it must build a real instance:
    the fields ``clean_fields()`` goes through, the attnames a row may set, and whether the
    model has its own ``clean()``."""
    if any(not f.concrete for f in model._meta.fields):
        return None
    checked = [f for f in model._meta.fields if not f.generated]
    attnames = frozenset(f.attname for f in model._meta.concrete_fields)
    has_clean = model.clean is not Model.clean
    return checked, attnames, has_clean


#: Field cleaning results by (model, field, value): most values of a sheet repeat (dates,
#: codes, empty cells), and ``Field.clean`` of a non-relational field depends on the value alone.
_CLEANED = {}
_CLEANED_MAX = 200_000


def _clean_value(model, model_field, value, instance):
    if model_field.is_relation:
        return model_field.clean(value, instance)
    try:
        key = (
            model,
            model_field.name,
            type(value),
            str(value) if isinstance(value, Decimal) else value,
        )
        hash(key)
    except TypeError:
        return model_field.clean(value, instance)
    cached = _CLEANED.get(key)
    if cached is None:
        try:
            cached = (model_field.clean(value, instance), None)
        except ValidationError as error:
            cached = (None, error)
        if len(_CLEANED) >= _CLEANED_MAX:
            _CLEANED.clear()
        _CLEANED[key] = cached
    if cached[1] is not None:
        raise cached[1]
    return cached[0]


def _light_clean(model, fields, exclude):
    """``full_clean(exclude=..., validate_unique=False, validate_constraints=False)`` of
    ``model(**fields)`` restricted to ``fields``, without building a model instance per row:
    the same checks in the same order, with the same messages (``message_dict``)."""
    light = _light_model(model)
    if light is None:
        raise _NotLight
    checked, attnames, has_clean = light
    if any(name not in attnames for name in fields):
        raise _NotLight
    instance = None
    if has_clean:
        # A bare instance for clean(): the field defaults, then the file's values.
        instance = model.__new__(model)
        instance._state = ModelState()
        instance.__dict__.update(_defaults(model))
        instance.__dict__.update(fields)
    errors = {}
    for model_field in checked:
        name = model_field.name
        if name not in fields or name in exclude:
            continue
        if model_field.attname != name:
            raise _NotLight
        raw_value = fields[name]
        if model_field.blank and raw_value in model_field.empty_values:
            continue
        try:
            cleaned = _clean_value(model, model_field, raw_value, instance)
        except ValidationError as error:
            errors[name] = error.error_list
        else:
            if instance is not None:
                instance.__dict__[name] = cleaned
    result = {}
    if errors:
        result = ValidationError(errors).update_error_dict(result)
    if has_clean:
        try:
            instance.clean()
        except ValidationError as error:
            result = error.update_error_dict(result)
    if result:
        return ValidationError(result).message_dict
    return {}


@functools.cache
def _defaults(model):
    """The field defaults a bare instance starts from (computed once: clean() reads them)."""
    return {
        f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key
    } | {model._meta.pk.attname: None}


# --- cells and sheets: writing ----------------------------------------------------------


def _choice_label(choices, code, language):
    """The label of ``code`` in ``language``: the words a focal point reads in the file."""
    with translation.override(language):
        return str(choices(code).label)


def cell_value(column, value, language=None):
    """What the cell holds; with a ``language``, a coded value is written as its label in that
    language (yes/no, statuses, kinds), which the import reads back in any language."""
    if value is None:
        return None
    if column.kind == "bool":
        if language is not None:
            return YES_NO[0 if value else 1][1 + HELP_LANGUAGES.index(language)]
        return "yes" if value else "no"
    if column.kind == "choice" and language is not None and value:
        return _choice_label(column.choices, value, language)
    if column.kind == "codes":
        if language is not None and isinstance(column.choices, type):
            return "; ".join(_choice_label(column.choices, code, language) for code in value)
        return ";".join(value)
    if column.kind in ("decimal", "amount"):
        return value if value != value.to_integral_value() else int(value)
    if column.kind == "datetime":
        local = timezone.localtime(value).replace(tzinfo=None)
        return local.date() if local.time() == datetime.time() else local
    return neutralise(value)


def _drop_down(sheet, column_index, list_range, last_row, multiple):
    letter = get_column_letter(column_index)
    validation = DataValidation(
        type="list",
        formula1=list_range,
        allow_blank=True,
        showErrorMessage=not multiple,
        errorStyle="stop" if not multiple else "information",
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def write_sheet(book, sheet, rows, list_ranges, language=None):
    """One sheet, named and headed in ``language`` (None: the keys, the English format)."""
    worksheet = book.create_sheet(sheet_label(sheet.name, language))
    if language == "ar":
        worksheet.sheet_view.rightToLeft = True
    worksheet.append([column_label(column.name, language) for column in sheet.columns])
    for values in rows:
        worksheet.append([cell_value(c, values.get(c.name), language) for c in sheet.columns])
    worksheet.freeze_panes = "A2"
    last_row = len(rows) + 1 + SPARE_ROWS
    for index, column in enumerate(sheet.columns, start=1):
        width = 40 if column.kind == "text" and "_" in column.name else 16
        worksheet.column_dimensions[get_column_letter(index)].width = width
        name = list_name(column)
        if name in list_ranges:
            _drop_down(worksheet, index, list_ranges[name], last_row, column.kind == "codes")
        if column.kind == "datetime":
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"


def _sheet_reference(title):
    """A sheet's name as a formula refers to it: quoted unless plain ASCII (``codes``)."""
    return title if re.fullmatch(r"\w+", title, re.ASCII) else quote_sheetname(title)


def write_codes_sheet(book, lists, language=None):
    """The ``codes`` sheet: a table of every code with its Arabic and French labels, and one
    column per list that the drop-downs refer to: the labels of ``language`` first (the codes
    first without one), then the other spellings. Returns the ranges."""
    title = sheet_label(CODES_SHEET, language)
    worksheet = book.create_sheet(title)
    header = [
        column_label("list", language),
        column_label("code", language),
        *(column_label(f"code_label_{code}", language) for code in HELP_LANGUAGES),
    ]
    worksheet.append(header)
    for name, entries in lists.items():
        for entry in entries:
            worksheet.append([name, *(neutralise(value) for value in entry)])
    positions = list(range(len(HELP_LANGUAGES) + 1))
    if language is not None:
        first = 1 + HELP_LANGUAGES.index(language)
        positions = [first, *(p for p in positions if p != first)]
    ranges = {}
    first_column = len(header) + 2
    for offset, (name, entries) in enumerate(lists.items()):
        index = first_column + offset
        letter = get_column_letter(index)
        worksheet.cell(row=1, column=index, value=name)
        spellings = []
        for position in positions:
            for entry in entries:
                text = entry[position]
                if text and text not in spellings:
                    spellings.append(text)
        for row, text in enumerate(spellings, start=2):
            worksheet.cell(row=row, column=index, value=neutralise(text))
        ranges[name] = f"{_sheet_reference(title)}!${letter}$2:${letter}${len(spellings) + 1}"
        worksheet.column_dimensions[letter].width = 24
    for letter, width in zip("ABCD", (20, 20, 40, 40), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = "A2"
    return ranges


KIND_HELP = {
    "text": gettext_lazy("text"),
    "int": gettext_lazy("whole number"),
    "decimal": gettext_lazy("number"),
    "amount": gettext_lazy("amount in dirhams (a text is kept as written in “%(note)s”)"),
    "date": gettext_lazy("date (DD/MM/YYYY)"),
    "datetime": gettext_lazy("date (DD/MM/YYYY), optionally with the time (HH:MM)"),
    "bool": gettext_lazy("yes or no"),
    "choice": gettext_lazy("one code or label of the list “%(list)s” (sheet “%(codes)s”)"),
    "codes": gettext_lazy("codes of the list “%(list)s” separated by ;"),
}


def _kind_help(column, language=None):
    note = column_label(column.note, language) if column.note else ""
    return str(KIND_HELP[column.kind]) % {
        "note": note,
        "list": list_name(column) or "",
        "codes": sheet_label(CODES_SHEET, language),
    }


READ_ME_INTRO = gettext_lazy(
    "One file holds the whole programme. Each sheet below is explained, then each of its "
    "columns. Optional sheets may be removed: a removed sheet leaves what it holds unchanged; "
    "a sheet kept with no rows empties it. The sheets “%(codes)s” and “%(read_me)s” are not "
    "imported; the sheets and their columns may be named in Arabic, French or English."
)


def write_read_me(book, sheets, language=None):
    """The ``read_me`` sheet: every sheet and column explained, in Arabic and in French; the
    sheets and columns named as the file names them (in ``language``)."""
    worksheet = book.create_sheet(sheet_label(READ_ME_SHEET, language), 0)
    texts = {}
    for help_language in HELP_LANGUAGES:
        with translation.override(help_language):
            texts[help_language] = {
                "intro": str(READ_ME_INTRO)
                % {
                    "codes": sheet_label(CODES_SHEET, language),
                    "read_me": sheet_label(READ_ME_SHEET, language),
                }
            }
            for sheet in sheets:
                texts[help_language][sheet.name] = (
                    str(sheet.help),
                    _("required sheet") if sheet.required else _("optional sheet"),
                )
                for column in sheet.columns:
                    texts[help_language][(sheet.name, column.name)] = (
                        str(column.help),
                        _kind_help(column, language)
                        + (" — " + _("required") if column.required else ""),
                    )
    worksheet.append(
        [
            column_label("sheet", language),
            column_label("column", language),
            *(column_label(f"help_{code}", language) for code in HELP_LANGUAGES),
        ]
    )
    worksheet.append(["", "", *(texts[code]["intro"] for code in HELP_LANGUAGES)])
    for sheet in sheets:
        title = sheet_label(sheet.name, language)
        worksheet.append(
            [title, "", *(" — ".join(texts[code][sheet.name]) for code in HELP_LANGUAGES)]
        )
        for cell in worksheet[worksheet.max_row]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            worksheet.append(
                [
                    title,
                    column_label(column.name, language),
                    *(
                        " — ".join(texts[code][(sheet.name, column.name)])
                        for code in HELP_LANGUAGES
                    ),
                ]
            )
    for letter, width in zip("ABCD", (20, 28, 80, 80), strict=True):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = "A2"


def build_workbook(sheets, rows, lists, language=None):
    """The XLSX file (bytes): ``read_me`` first, then each sheet with its ``rows`` (dicts by
    column name), then ``codes`` with ``lists`` (list name → ``[(code, ar, fr)]``).

    ``language`` (``"ar"`` or ``"fr"``; Tamazight takes French) names the sheets and columns
    and writes the coded values as labels of that language; None writes the keys and codes
    (the English format of ``docs/workbook.md``). The import reads all of them."""
    language = None if language is None else file_language(language)
    book = Workbook()
    book.remove(book.active)
    ranges = write_codes_sheet(book, lists, language)  # first, for the ranges; moved last below
    for sheet in sheets:
        write_sheet(book, sheet, rows.get(sheet.name, []), ranges, language)
    book.move_sheet(sheet_label(CODES_SHEET, language), offset=len(book.sheetnames) - 1)
    write_read_me(book, sheets, language)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def yes_no_entries():
    return list(YES_NO)
