"""The programme workbook: one XLSX file with a programme, its axes, projects, expected results,
activities, indicators, measurements and partners, rows linked by numbers.

``export_programme(programme)`` writes it; ``read_workbook(file, member=...)`` parses and validates
every row without touching the database and raises ``WorkbookError`` with every problem located
by sheet, row and column; ``programmes.services.import_programme_workbook`` writes a valid one.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from ctouvertes.spreadsheets import neutralise, restore
from network.models import ExpectedResult, Principle

from .models import (
    Activity,
    ActivityStatus,
    Axis,
    CompletionLevel,
    FundingSource,
    Indicator,
    IndicatorKind,
    IndicatorMeasurement,
    PartnerKind,
    Programme,
    ProgrammeStatus,
    Project,
    ProjectPartner,
    ProjectResult,
)

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
TRUE_WORDS = {"yes", "y", "true", "1", "oui", "نعم", "ⵢⴰⵀ"}
FALSE_WORDS = {"no", "n", "false", "0", "non", "لا", "ⵓⵀⵓ"}
COMPETENCE_FIELDS = {
    "own": "competence_own",
    "shared": "competence_shared",
    "transferred": "competence_transferred",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, int, decimal, date, bool, choice, codes
    required: bool = False
    choices: tuple = ()
    attr: str = ""

    @property
    def attribute(self):
        return self.attr or self.name


def translated(name, required=False):
    return [
        Column(f"{name}_{code}", required=required and code == LANGUAGES[0]) for code in LANGUAGES
    ]


def choice(name, choices, required=False):
    return Column(name, "choice", required=required, choices=tuple(choices.values))


SHEETS = {
    "programme": [
        Column("member", required=True),
        Column("first_year", "int", required=True),
        Column("last_year", "int", required=True),
        Column("cohort", "int"),
        choice("status", ProgrammeStatus, required=True),
        *translated("title", required=True),
        *translated("summary"),
        Column("consultation_started_on", "date"),
        Column("adopted_on", "date"),
        *translated("council_session"),
        Column("decision_reference"),
        *translated("vote_outcome"),
        Column("implementation_started_on", "date"),
        Column("evaluated_on", "date"),
        *translated("strengths"),
        *translated("weaknesses"),
        *translated("opportunities"),
        *translated("threats"),
        Column("source_note"),
    ],
    "axes": [
        Column("number", "int", required=True),
        *translated("title", required=True),
        *translated("description"),
        Column("principles", "codes"),
        Column("source_note"),
    ],
    "projects": [
        Column("number", "int", required=True),
        Column("axis_number", "int"),
        *translated("title", required=True),
        *translated("problems"),
        *translated("causes"),
        *translated("consequences"),
        *translated("solution"),
        *translated("objectives"),
        Column("principles", "codes"),
        Column("competences", "codes", choices=tuple(COMPETENCE_FIELDS)),
        Column("linked_to_action_plan", "bool"),
        Column("feasible_within_period", "bool"),
        Column("estimated_budget", "decimal"),
        Column("budget_as_entered"),
        choice("funding_source", FundingSource),
        *translated("funding_details"),
        *translated("duration"),
        Column("announced_activity_count", "int"),
        choice("completion_level", CompletionLevel),
        *translated("evaluation"),
        Column("smart_specific", "bool"),
        Column("smart_measurable", "bool"),
        Column("smart_achievable", "bool"),
        Column("smart_relevant", "bool"),
        Column("smart_time_bound", "bool"),
        *translated("smart_comment"),
        Column("source_note"),
    ],
    "results": [
        Column("project_number", "int", required=True),
        Column("result", "codes", required=True),
        *translated("contribution"),
    ],
    "activities": [
        Column("project_number", "int", required=True),
        Column("number", "int", required=True),
        *translated("title", required=True),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("weight", "decimal"),
        *translated("partners_note"),
        Column("cost", "decimal"),
        *translated("cost_note"),
        *translated("funding"),
        *translated("responsible_service"),
        choice("status", ActivityStatus),
        Column("progress", "int"),
        Column("source_note"),
    ],
    "indicators": [
        Column("project_number", "int", required=True),
        choice("kind", IndicatorKind, required=True),
        Column("number", "int", required=True),
        *translated("label", required=True),
        Column("unit"),
        Column("baseline", "decimal"),
        Column("target", "decimal"),
    ],
    "measurements": [
        Column("project_number", "int", required=True),
        choice("kind", IndicatorKind, required=True),
        Column("indicator_number", "int", required=True),
        Column("measured_on", "date", required=True),
        Column("value", "decimal", required=True),
        Column("comment"),
    ],
    "partners": [
        Column("project_number", "int", required=True),
        *[Column(f"partner_{code}", required=code == LANGUAGES[0]) for code in LANGUAGES],
        choice("partner_kind", PartnerKind),
        *translated("contribution"),
        Column("contribution_amount", "decimal"),
    ],
}
REQUIRED_SHEETS = ("programme", "axes", "projects", "activities")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return _("Sheet “%(sheet)s”: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class WorkbookError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Row:
    sheet: str
    number: int  # the spreadsheet's row number (header is row 1)
    values: dict
    columns: dict = field(default_factory=dict)  # column name -> letter


@dataclass
class ParsedWorkbook:
    programme: dict
    axes: list
    projects: list
    results: list
    activities: list
    indicators: list
    measurements: list
    partners: list


# --- export -------------------------------------------------------------------------------


def _cell(column, value):
    if value is None:
        return None
    if column.kind == "bool":
        return "yes" if value else "no"
    if column.kind == "codes":
        return ";".join(value)
    if column.kind == "decimal":
        return value if value != value.to_integral_value() else int(value)
    return neutralise(value)


def _project_values(project):
    values = {c.attribute: getattr(project, c.attribute, None) for c in SHEETS["projects"]}
    values["axis_number"] = project.axis.number if project.axis_id else None
    values["principles"] = [p.code for p in project.principles.all()]
    values["competences"] = project.competences
    return values


def export_programme(programme):
    """The programme as an XLSX workbook (bytes)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    projects = list(
        programme.projects.select_related("axis").prefetch_related("principles").order_by("number")
    )
    programme_values = {c.attribute: getattr(programme, c.attribute) for c in SHEETS["programme"]}
    programme_values["member"] = programme.member.slug
    rows = {
        "programme": [programme_values],
        "axes": [
            {
                **{c.attribute: getattr(axis, c.attribute, None) for c in SHEETS["axes"]},
                "principles": [p.code for p in axis.principles.all()],
            }
            for axis in programme.axes.prefetch_related("principles").order_by("number")
        ],
        "projects": [_project_values(project) for project in projects],
        "results": [
            {
                **{c.attribute: getattr(link, c.attribute, None) for c in SHEETS["results"]},
                "project_number": link.project.number,
                "result": [link.result.code],
            }
            for link in ProjectResult.objects.filter(project__programme=programme)
            .select_related("project", "result")
            .order_by("project__number", "result__position")
        ],
        "activities": [
            {
                **{c.attribute: getattr(activity, c.attribute, None) for c in SHEETS["activities"]},
                "project_number": activity.project.number,
            }
            for activity in Activity.objects.filter(project__programme=programme)
            .select_related("project")
            .order_by("project__number", "number")
        ],
        "indicators": [
            {
                **{c.attribute: getattr(ind, c.attribute, None) for c in SHEETS["indicators"]},
                "project_number": ind.project.number,
            }
            for ind in Indicator.objects.filter(project__programme=programme)
            .select_related("project")
            .order_by("project__number", "kind", "number")
        ],
        "measurements": [
            {
                "project_number": m.indicator.project.number,
                "kind": m.indicator.kind,
                "indicator_number": m.indicator.number,
                "measured_on": m.measured_on,
                "value": m.value,
                "comment": m.comment,
            }
            for m in IndicatorMeasurement.objects.filter(indicator__project__programme=programme)
            .select_related("indicator__project")
            .order_by(
                "indicator__project__number",
                "indicator__kind",
                "indicator__number",
                "measured_on",
                "pk",
            )
        ],
        "partners": [
            {
                **{c.attribute: getattr(link, c.attribute, None) for c in SHEETS["partners"]},
                "project_number": link.project.number,
                **{f"partner_{code}": getattr(link.partner, f"name_{code}") for code in LANGUAGES},
                "partner_kind": link.partner.kind,
            }
            for link in ProjectPartner.objects.filter(project__programme=programme)
            .select_related("project", "partner")
            .order_by("project__number", "pk")
        ],
    }
    for sheet_name, columns in SHEETS.items():
        sheet = workbook.create_sheet(sheet_name)
        sheet.append([column.name for column in columns])
        for values in rows[sheet_name]:
            sheet.append([_cell(column, values.get(column.attribute)) for column in columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            width = 40 if column.kind == "text" and "_" in column.name else 14
            sheet.column_dimensions[get_column_letter(index)].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- import: parsing ----------------------------------------------------------------------


class CellError(ValueError):
    pass


def _to_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _parse(column, value):
    text = restore(_to_text(value))
    if column.kind == "text":
        return text
    if text == "":
        if column.kind == "codes":
            return []
        return "" if column.kind == "choice" else None
    if column.kind == "int":
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as error:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": text}) from error
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)
    if column.kind == "decimal":
        try:
            return Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation as error:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from error
    if column.kind == "date":
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise CellError(
            _("“%(value)s” is not a date (write YYYY-MM-DD or DD/MM/YYYY).") % {"value": text}
        )
    if column.kind == "bool":
        lowered = text.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise CellError(_("“%(value)s” is not yes or no.") % {"value": text})
    if column.kind == "choice":
        if text.lower() in column.choices:
            return text.lower()
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(column.choices)}
        )
    if column.kind == "codes":
        codes = [part.strip().lower() for part in text.replace(",", ";").split(";")]
        codes = [code for code in codes if code]
        if column.choices:
            unknown = [code for code in codes if code not in column.choices]
            if unknown:
                raise CellError(
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": ", ".join(unknown), "choices": ", ".join(column.choices)}
                )
        return codes
    raise AssertionError(column.kind)


def _read_sheet(workbook, sheet_name, problems):
    columns = SHEETS[sheet_name]
    if sheet_name not in workbook.sheetnames:
        if sheet_name in REQUIRED_SHEETS:
            problems.append(Problem(sheet_name, None, "", _("the sheet is missing.")))
        return []
    rows_iter = workbook[sheet_name].iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    positions = {}
    for index, name in enumerate(header):
        name = _to_text(name)
        if name:
            positions[name] = index
    missing = [c.name for c in columns if c.required and c.name not in positions]
    for name in missing:
        problems.append(
            Problem(sheet_name, 1, name, _("this required column is missing from the header."))
        )
    if missing:
        return []
    letters = {name: get_column_letter(index + 1) for name, index in positions.items()}
    rows = []
    for row_number, cells in enumerate(rows_iter, start=2):
        if cells is None or all(_to_text(cell) == "" for cell in cells):
            continue
        values = {}
        for column in columns:
            index = positions.get(column.name)
            raw = cells[index] if index is not None and index < len(cells) else None
            try:
                values[column.attribute] = _parse(column, raw)
            except CellError as error:
                problems.append(Problem(sheet_name, row_number, column.name, str(error)))
                values[column.attribute] = None
                continue
            if column.required and values[column.attribute] in ("", None, []):
                problems.append(
                    Problem(sheet_name, row_number, column.name, _("this value is required."))
                )
        rows.append(Row(sheet_name, row_number, values, letters))
    return rows


def _check_unique(rows, key_columns, problems):
    seen = {}
    for row in rows:
        key = tuple(row.values.get(column) for column in key_columns)
        if None in key:
            continue
        if key in seen:
            problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    key_columns[-1],
                    _("duplicate of row %(row)s.") % {"row": seen[key]},
                )
            )
        else:
            seen[key] = row.number


def _validate_instance(instance, row, problems, exclude=()):
    """Model validation (field validators and clean()), located on the row's columns."""
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            column = field_name if field_name != "__all__" else ""
            for message in messages:
                problems.append(Problem(row.sheet, row.number, column, message))


def _model_values(row, model, skip=()):
    """The row's values for ``model``'s fields; an empty cell takes the field's default."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    values = {}
    for key, value in row.values.items():
        if key not in fields or key in skip:
            continue
        model_field = fields[key]
        if value in ("", None) and not model_field.blank and model_field.has_default():
            value = model_field.get_default()
        values[key] = value
    return values


def read_workbook(file, *, member):
    """Parse and validate a programme workbook for ``member``; nothing is written.

    Returns a ``ParsedWorkbook`` of unsaved instances; raises ``WorkbookError`` listing every
    problem found.
    """
    problems = []
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a bad file
        raise WorkbookError(
            [Problem("", None, "", _("the file is not a readable XLSX workbook (%s).") % error)]
        ) from error
    sheets = {name: _read_sheet(workbook, name, problems) for name in SHEETS}
    workbook.close()

    principle_codes = set(Principle.objects.values_list("code", flat=True))
    result_codes = dict(ExpectedResult.objects.values_list("code", "pk"))

    # programme
    programme_rows = sheets["programme"]
    if len(programme_rows) != 1 and not any(p.sheet == "programme" for p in problems):
        problems.append(
            Problem("programme", None, "", _("the sheet must hold exactly one programme row."))
        )
    programme = None
    if programme_rows:
        row = programme_rows[0]
        slug = row.values.get("member")
        if slug and slug != member.slug:
            problems.append(
                Problem(
                    "programme",
                    row.number,
                    "member",
                    _("this workbook is for member “%(file)s”, not “%(member)s”.")
                    % {"file": slug, "member": member.slug},
                )
            )
        programme = Programme(member=member, **_model_values(row, Programme))
        _validate_instance(programme, row, problems, exclude=["member"])

    def check_codes(rows, column, allowed):
        for row in rows:
            unknown = [code for code in row.values.get(column) or [] if code not in allowed]
            if unknown:
                problems.append(
                    Problem(
                        row.sheet,
                        row.number,
                        column,
                        _("“%(value)s” is not one of: %(choices)s.")
                        % {"value": ", ".join(unknown), "choices": ", ".join(sorted(allowed))},
                    )
                )

    # axes
    _check_unique(sheets["axes"], ["number"], problems)
    check_codes(sheets["axes"], "principles", principle_codes)
    axis_numbers = set()
    axes = []
    for row in sheets["axes"]:
        axis = Axis(**_model_values(row, Axis))
        _validate_instance(axis, row, problems, exclude=["programme"])
        axis.principle_codes = row.values.get("principles") or []
        axis_numbers.add(row.values.get("number"))
        axes.append(axis)

    # projects
    _check_unique(sheets["projects"], ["number"], problems)
    check_codes(sheets["projects"], "principles", principle_codes)
    project_numbers = set()
    projects = []
    for row in sheets["projects"]:
        values = _model_values(row, Project, skip=("axis_number",))
        for code, attname in COMPETENCE_FIELDS.items():
            values[attname] = code in (row.values.get("competences") or [])
        project = Project(**values)
        _validate_instance(project, row, problems, exclude=["programme", "axis"])
        axis_number = row.values.get("axis_number")
        if axis_number is not None and axis_number not in axis_numbers:
            problems.append(
                Problem(
                    "projects",
                    row.number,
                    "axis_number",
                    _("there is no axis number %(number)s in the sheet “axes”.")
                    % {"number": axis_number},
                )
            )
        project.axis_number = axis_number
        project.principle_codes = row.values.get("principles") or []
        project_numbers.add(row.values.get("number"))
        projects.append(project)

    def check_project_number(rows):
        for row in rows:
            number = row.values.get("project_number")
            if number is not None and number not in project_numbers:
                problems.append(
                    Problem(
                        row.sheet,
                        row.number,
                        "project_number",
                        _("there is no project number %(number)s in the sheet “projects”.")
                        % {"number": number},
                    )
                )

    # results
    check_project_number(sheets["results"])
    check_codes(sheets["results"], "result", set(result_codes))
    results = []
    for row in sheets["results"]:
        for code in row.values.get("result") or []:
            if code in result_codes:
                link = ProjectResult(
                    result_id=result_codes[code],
                    **_model_values(row, ProjectResult, skip=("result",)),
                )
                link.project_number = row.values.get("project_number")
                link.row = row
                results.append(link)
    _check_unique(
        [
            Row(r.row.sheet, r.row.number, {"p": r.project_number, "result": r.result_id})
            for r in results
        ],
        ["p", "result"],
        problems,
    )

    # activities
    check_project_number(sheets["activities"])
    _check_unique(sheets["activities"], ["project_number", "number"], problems)
    activities = []
    for row in sheets["activities"]:
        activity = Activity(**_model_values(row, Activity))
        _validate_instance(activity, row, problems, exclude=["project"])
        activity.project_number = row.values.get("project_number")
        activities.append(activity)

    # indicators and measurements
    check_project_number(sheets["indicators"])
    _check_unique(sheets["indicators"], ["project_number", "kind", "number"], problems)
    indicators = []
    indicator_keys = set()
    for row in sheets["indicators"]:
        indicator = Indicator(**_model_values(row, Indicator))
        _validate_instance(indicator, row, problems, exclude=["project"])
        indicator.project_number = row.values.get("project_number")
        indicator_keys.add((indicator.project_number, indicator.kind, indicator.number))
        indicators.append(indicator)
    measurements = []
    for row in sheets["measurements"]:
        key = (
            row.values.get("project_number"),
            row.values.get("kind"),
            row.values.get("indicator_number"),
        )
        if None not in key and key not in indicator_keys:
            problems.append(
                Problem(
                    "measurements",
                    row.number,
                    "indicator_number",
                    _("there is no such indicator in the sheet “indicators”."),
                )
            )
        measurement = IndicatorMeasurement(
            measured_on=row.values.get("measured_on"),
            value=row.values.get("value"),
            comment=row.values.get("comment") or "",
        )
        measurement.indicator_key = key
        measurements.append(measurement)

    # partners
    check_project_number(sheets["partners"])
    partners = []
    for row in sheets["partners"]:
        link = ProjectPartner(**_model_values(row, ProjectPartner))
        _validate_instance(link, row, problems, exclude=["project", "partner"])
        link.project_number = row.values.get("project_number")
        link.partner_names = {code: row.values.get(f"partner_{code}") or "" for code in LANGUAGES}
        link.partner_kind = row.values.get("partner_kind") or PartnerKind.OTHER
        partners.append(link)

    if problems:
        raise WorkbookError(problems)
    return ParsedWorkbook(
        programme=programme,
        axes=axes,
        projects=projects,
        results=results,
        activities=activities,
        indicators=indicators,
        measurements=measurements,
        partners=partners,
    )
