"""The programme's sheets of the programme file: the programme, its axes, projects, expected
results, activities, indicators, measurements, project partners, programme partners, follow-up
committee and its members; rows are linked by numbers.

``read_programme_sheets(book, member=..., problems=...)`` parses and validates them without
touching the database (``Record`` rows, problems appended); ``programme_rows(programme)`` gives
the rows to export. ``read_workbook`` and ``export_programme`` are the programme-only file
(``programmes.services.import_programme_workbook``); the whole file, with the co-creation's
sheets, is ``consultations.programme_file``. The format is described in ``docs/workbook.md``;
sheets and headers are written in Arabic, French or as the English keys, and read in any of
them (``workbook_labels``).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as h

from network.models import ExpectedResult, Principle

from .models import (
    Activity,
    ActivityStatus,
    Axis,
    Committee,
    CommitteeCategory,
    CommitteeMember,
    Competence,
    CompletionLevel,
    FundingSource,
    Indicator,
    IndicatorKind,
    IndicatorMeasurement,
    Partner,
    PartnerKind,
    PersonGender,
    Programme,
    ProgrammePartner,
    ProgrammeStatus,
    Project,
    ProjectPartner,
    ProjectResult,
)
from .workbook_format import (
    FALSE_WORDS,
    LANGUAGES,
    TRUE_WORDS,
    Column,
    Problem,
    Record,
    Sheet,
    SheetRow,
    WorkbookError,
    build_workbook,
    check_reference,
    check_unique,
    choice_entries,
    list_name,
    locate_problems,
    model_fields,
    open_workbook,
    read_sheet,
    translated,
    validate,
    yes_no_entries,
)

__all__ = [
    "FALSE_WORDS",
    "TRUE_WORDS",
    "Problem",
    "WorkbookError",
    "export_programme",
    "read_workbook",
]

FIRST_LANGUAGE = LANGUAGES[0]
COMPETENCE_FIELDS = {
    Competence.OWN: "competence_own",
    Competence.SHARED: "competence_shared",
    Competence.TRANSFERRED: "competence_transferred",
}
SOURCE_NOTE = Column("source_note", help=h("Where the row comes from (page of the document)."))
PROJECT_NUMBER = Column(
    "project_number", "int", required=True, help=h("Number of the project (sheet “projects”).")
)


def partner_columns():
    return (
        *(
            Column(
                f"partner_{code}",
                required=code == FIRST_LANGUAGE,
                help=h("Name of the partner; a partner with the same Arabic name is reused."),
            )
            for code in LANGUAGES
        ),
        Column(
            "partner_kind",
            "choice",
            choices=PartnerKind,
            help=h("Kind of partner, for a new partner."),
        ),
    )


PROGRAMME = Sheet(
    "programme",
    (
        Column("member", required=True, help=h("Identifier (slug) of the member.")),
        Column("first_year", "int", required=True, help=h("First year of the period.")),
        Column("last_year", "int", required=True, help=h("Last year of the period.")),
        Column("cohort", "int", help=h("Cohort of the network the member joined with.")),
        Column("status", "choice", True, ProgrammeStatus, h("Stage of the programme.")),
        *translated("title", h("Title of the programme."), required=True),
        *translated("summary", h("Short presentation.")),
        Column("consultation_started_on", "date", help=h("Start of the consultation.")),
        Column("adopted_on", "date", help=h("Date of adoption by the council.")),
        *translated("council_session", h("Council session that adopted it.")),
        Column("decision_reference", help=h("Reference of the deliberation or decision.")),
        *translated("vote_outcome", h("Outcome of the vote.")),
        Column("implementation_started_on", "date", help=h("Start of the implementation.")),
        Column("evaluated_on", "date", help=h("Date of the evaluation.")),
        *translated("strengths", h("Strengths, one per line.")),
        *translated("weaknesses", h("Weaknesses, one per line.")),
        *translated("opportunities", h("Opportunities, one per line.")),
        *translated("threats", h("Threats, one per line.")),
        SOURCE_NOTE,
    ),
    h("One row: the programme and its period."),
    required=True,
)
AXES = Sheet(
    "axes",
    (
        Column("number", "int", required=True, help=h("Number of the axis, used by other sheets.")),
        *translated("title", h("Title of the axis."), required=True),
        *translated("description", h("Description of the axis.")),
        Column("principles", "codes", choices="principles", help=h("Principles it serves.")),
        SOURCE_NOTE,
    ),
    h("One row per axis."),
    required=True,
)
PROJECTS = Sheet(
    "projects",
    (
        Column("number", "int", required=True, help=h("Number of the project, used by others.")),
        Column("axis_number", "int", help=h("Number of its axis (sheet “axes”).")),
        *translated("title", h("Title of the project."), required=True),
        *translated("problems", h("Main problems, one per line.")),
        *translated("causes", h("Causes, one per line.")),
        *translated("consequences", h("Consequences if untreated, one per line.")),
        *translated("solution", h("Proposed solution, one per line.")),
        *translated("objectives", h("Objectives, one per line.")),
        Column("principles", "codes", choices="principles", help=h("Principles it serves.")),
        Column("competences", "codes", choices=Competence, help=h("The member's competences.")),
        Column("linked_to_action_plan", "bool", help=h("Linked to the member's action plan?")),
        Column("feasible_within_period", "bool", help=h("Feasible within the period?")),
        Column(
            "estimated_budget",
            "amount",
            note="budget_as_entered",
            help=h("Estimated budget in dirhams; empty: to be determined."),
        ),
        Column("budget_as_entered", help=h("The budget as written, when it is not a number.")),
        Column("funding_source", "choice", choices=FundingSource, help=h("Source of funding.")),
        *translated("funding_details", h("Details of the funding.")),
        *translated("duration", h("Duration as written.")),
        Column("announced_activity_count", "int", help=h("Number of activities announced.")),
        Column(
            "completion_level", "choice", choices=CompletionLevel, help=h("Level of completion.")
        ),
        *translated("evaluation", h("Evaluation.")),
        Column("smart_specific", "bool", help=h("SMART: specific?")),
        Column("smart_measurable", "bool", help=h("SMART: measurable?")),
        Column("smart_achievable", "bool", help=h("SMART: achievable?")),
        Column("smart_relevant", "bool", help=h("SMART: relevant?")),
        Column("smart_time_bound", "bool", help=h("SMART: time-bound?")),
        *translated("smart_comment", h("Comment on the SMART check.")),
        SOURCE_NOTE,
    ),
    h("One row per project (its sheet)."),
    required=True,
)
RESULTS = Sheet(
    "results",
    (
        PROJECT_NUMBER,
        Column("result", "codes", True, "results", h("Code of the expected result.")),
        *translated("contribution", h("How the project contributes to it.")),
    ),
    h("The network's expected results each project serves."),
)
ACTIVITIES = Sheet(
    "activities",
    (
        PROJECT_NUMBER,
        Column("number", "int", required=True, help=h("Number of the activity in its project.")),
        *translated("title", h("Title of the activity."), required=True),
        Column("start_date", "date", help=h("Start date.")),
        Column("end_date", "date", help=h("End date.")),
        Column("weight", "decimal", help=h("Weight in % of the project.")),
        *translated("partners_note", h("Partners as written.")),
        Column(
            "cost",
            "amount",
            note=f"cost_note_{FIRST_LANGUAGE}",
            help=h("Cost in dirhams; empty: to be determined."),
        ),
        *translated("cost_note", h("The cost as written, when it is not a number.")),
        *translated("funding", h("Funding.")),
        *translated("responsible_service", h("Responsible service.")),
        Column("status", "choice", choices=ActivityStatus, help=h("Status of the activity.")),
        Column("progress", "int", help=h("Progress in % (0 to 100).")),
        SOURCE_NOTE,
    ),
    h("One row per activity of a project."),
    required=True,
)
INDICATORS = Sheet(
    "indicators",
    (
        PROJECT_NUMBER,
        Column("kind", "choice", True, IndicatorKind, h("Tracking or impact indicator.")),
        Column("number", "int", required=True, help=h("Number of the indicator in its kind.")),
        *translated("label", h("What is measured."), required=True),
        Column("unit", help=h("Unit.")),
        Column("baseline", "decimal", help=h("Value at the start.")),
        Column("target", "decimal", help=h("Value aimed at.")),
    ),
    h("The indicators of each project."),
)
MEASUREMENTS = Sheet(
    "measurements",
    (
        PROJECT_NUMBER,
        Column("kind", "choice", True, IndicatorKind, h("Kind of the indicator.")),
        Column("indicator_number", "int", True, help=h("Number of the indicator.")),
        Column("measured_on", "date", required=True, help=h("Date of the measurement.")),
        Column("value", "decimal", required=True, help=h("Value measured.")),
        Column("comment", help=h("Comment.")),
    ),
    h("Dated measurements of the indicators."),
)
PARTNERS = Sheet(
    "partners",
    (
        PROJECT_NUMBER,
        *partner_columns(),
        *translated("contribution", h("What the partner brings.")),
        Column("contribution_amount", "decimal", help=h("Contribution in dirhams.")),
    ),
    h("The partners of each project."),
)
PROGRAMME_PARTNERS = Sheet(
    "programme_partners",
    (*partner_columns(), *translated("role", h("Role of the partner in the programme."))),
    h("The partners of the whole programme and their role, in the order published."),
)
COMMITTEE = Sheet(
    "committee",
    (
        Column("decision_number", help=h("Number of the decision creating the committee.")),
        Column("decided_on", "date", help=h("Date of the decision.")),
        Column("signatory", help=h("Who signed the decision.")),
        *translated("name", h("Name of the committee.")),
        *translated("mandate", h("Mandate of the committee.")),
        *translated("composition", h("Composition as written when names are not published.")),
    ),
    h("At most one row: the follow-up committee of this programme."),
)
COMMITTEE_MEMBERS = Sheet(
    "committee_members",
    (
        Column("full_name", required=True, help=h("Full name; it identifies the member.")),
        Column("category", "choice", True, CommitteeCategory, h("Category of the member.")),
        *translated("function", h("Function.")),
        Column("gender", "choice", choices=PersonGender, help=h("Gender.")),
    ),
    h("The committee's members in order; private contacts are never in the file."),
)
SHEETS = (
    PROGRAMME,
    AXES,
    PROJECTS,
    RESULTS,
    ACTIVITIES,
    INDICATORS,
    MEASUREMENTS,
    PARTNERS,
    PROGRAMME_PARTNERS,
    COMMITTEE,
    COMMITTEE_MEMBERS,
)


@dataclass
class ParsedProgramme:
    """The programme's sheets, validated; an optional sheet absent from the file is None."""

    programme: Record
    axes: list
    projects: list
    activities: list
    results: list | None
    indicators: list | None
    measurements: list | None
    partners: list | None
    programme_partners: list | None
    committee: list | None
    committee_members: list | None
    #: Located ``Problem`` that do not refuse the file (a formula imported as its text).
    warnings: list = field(default_factory=list)

    @property
    def axis_numbers(self):
        return {record.key[0] for record in self.axes}


# --- drop-down lists ----------------------------------------------------------------------


def _named_entries(queryset):
    return [
        (obj.code, *(getattr(obj, f"name_{code}", None) or obj.name for code in ("ar", "fr")))
        for obj in queryset
    ]


def code_lists(sheets):
    """The drop-down lists the ``sheets`` use: list name → ``[(code, ar, fr)]``."""
    lists = {}
    for sheet in sheets:
        for column in sheet.columns:
            name = list_name(column)
            if name is None or name in lists:
                continue
            if column.kind == "bool":
                lists[name] = yes_no_entries()
            elif name == "principles":
                lists[name] = _named_entries(Principle.objects.order_by("position", "code"))
            elif name == "results":
                lists[name] = _named_entries(ExpectedResult.objects.order_by("position", "code"))
            else:
                lists[name] = [entry for entry in choice_entries(column.choices) if entry[0]]
    return lists


# --- export -------------------------------------------------------------------------------


def _values(instance, sheet, **extra):
    return {
        **{c.name: getattr(instance, c.name, None) for c in sheet.columns},
        **extra,
    }


def _partner_names(partner):
    return {
        **{f"partner_{code}": getattr(partner, f"name_{code}") for code in LANGUAGES},
        "partner_kind": partner.kind,
    }


def workbook_committee(programme):
    """The committee the file holds: the programme's, the latest decided when there are two."""
    return (
        Committee.objects.filter(programme=programme)
        .order_by(F("decided_on").desc(nulls_last=True), "-pk")
        .first()
    )


def _project_rows(programme):
    projects = programme.projects.select_related("axis").prefetch_related("principles")
    return [
        _values(
            project,
            PROJECTS,
            axis_number=project.axis.number if project.axis_id else None,
            principles=[p.code for p in project.principles.all()],
            competences=project.competences,
        )
        for project in projects.order_by("number")
    ]


def _activity_rows(programme):
    activities = Activity.objects.filter(project__programme=programme).select_related("project")
    return [
        _values(activity, ACTIVITIES, project_number=activity.project.number)
        for activity in activities.order_by("project__number", "number")
    ]


def _indicator_rows(programme):
    indicators = Indicator.objects.filter(project__programme=programme).select_related("project")
    return [
        _values(indicator, INDICATORS, project_number=indicator.project.number)
        for indicator in indicators.order_by("project__number", "kind", "number")
    ]


def _measurement_rows(programme):
    measurements = IndicatorMeasurement.objects.filter(
        indicator__project__programme=programme
    ).select_related("indicator__project")
    return [
        _values(
            measurement,
            MEASUREMENTS,
            project_number=measurement.indicator.project.number,
            kind=measurement.indicator.kind,
            indicator_number=measurement.indicator.number,
        )
        for measurement in measurements.order_by(
            "indicator__project__number",
            "indicator__kind",
            "indicator__number",
            "measured_on",
            "pk",
        )
    ]


def _result_rows(programme):
    links = ProjectResult.objects.filter(project__programme=programme).select_related(
        "project", "result"
    )
    return [
        _values(link, RESULTS, project_number=link.project.number, result=[link.result.code])
        for link in links.order_by("project__number", "result__position", "pk")
    ]


def _partner_rows(programme):
    links = ProjectPartner.objects.filter(project__programme=programme).select_related(
        "project", "partner"
    )
    return [
        _values(link, PARTNERS, project_number=link.project.number, **_partner_names(link.partner))
        for link in links.order_by("project__number", "pk")
    ]


def _programme_partner_rows(programme):
    links = programme.programme_partners.select_related("partner").order_by("position", "pk")
    return [_values(link, PROGRAMME_PARTNERS, **_partner_names(link.partner)) for link in links]


def _committee_rows(programme):
    committee = workbook_committee(programme)
    if committee is None:
        return [], []
    members = committee.members.order_by("position", "pk")
    return [_values(committee, COMMITTEE)], [_values(m, COMMITTEE_MEMBERS) for m in members]


def programme_rows(programme):
    """The rows of every programme sheet: sheet name → list of dicts by column name."""
    committee, committee_members = _committee_rows(programme)
    axes = programme.axes.prefetch_related("principles").order_by("number")
    return {
        "programme": [_values(programme, PROGRAMME, member=programme.member.slug)],
        "axes": [
            _values(axis, AXES, principles=[p.code for p in axis.principles.all()]) for axis in axes
        ],
        "projects": _project_rows(programme),
        "results": _result_rows(programme),
        "activities": _activity_rows(programme),
        "indicators": _indicator_rows(programme),
        "measurements": _measurement_rows(programme),
        "partners": _partner_rows(programme),
        "programme_partners": _programme_partner_rows(programme),
        "committee": committee,
        "committee_members": committee_members,
    }


def export_programme(programme, language=None):
    """The programme's sheets alone as an XLSX file (bytes), named and coded in ``language``
    (``"ar"``, ``"fr"``; None: the English keys and codes)."""
    return build_workbook(SHEETS, programme_rows(programme), code_lists(SHEETS), language)


# --- import: one reader per sheet ---------------------------------------------------------


def _check_codes(rows, column, allowed, problems):
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


def read_programme(rows, member, problems):
    if len(rows) != 1:
        if not any(p.sheet == "programme" for p in problems):
            problems.append(
                Problem("programme", None, "", _("the sheet must hold exactly one programme row."))
            )
        return None
    row = rows[0]
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
    fields = model_fields(row, Programme, skip=("member",))
    validate(Programme, {**fields, "member": member}, row, problems, exclude=["member"])
    return Record(row.number, fields, key=(fields["first_year"], fields["last_year"]))


def read_axes(rows, principle_codes, problems):
    check_unique(rows, ["number"], problems)
    _check_codes(rows, "principles", principle_codes, problems)
    records = []
    for row in rows:
        fields = model_fields(row, Axis)
        validate(Axis, fields, row, problems, exclude=["programme"])
        links = {"principles": row.values.get("principles") or []}
        records.append(Record(row.number, fields, (row.values["number"],), links))
    return records


def read_projects(rows, axis_numbers, principle_codes, problems):
    check_unique(rows, ["number"], problems)
    _check_codes(rows, "principles", principle_codes, problems)
    check_reference(
        rows,
        "axis_number",
        axis_numbers,
        problems,
        _("there is no axis number %(number)s in the sheet “axes”."),
    )
    records = []
    for row in rows:
        fields = model_fields(row, Project)
        for code, attname in COMPETENCE_FIELDS.items():
            fields[attname] = code in (row.values.get("competences") or [])
        validate(Project, fields, row, problems, exclude=["programme", "axis"])
        links = {
            "axis_number": row.values.get("axis_number"),
            "principles": row.values.get("principles") or [],
        }
        records.append(Record(row.number, fields, (row.values["number"],), links))
    return records


def _check_project_numbers(rows, project_numbers, problems):
    check_reference(
        rows,
        "project_number",
        project_numbers,
        problems,
        _("there is no project number %(number)s in the sheet “projects”."),
    )


def read_results(rows, project_numbers, problems):
    _check_project_numbers(rows, project_numbers, problems)
    result_ids = dict(ExpectedResult.objects.values_list("code", "pk"))
    _check_codes(rows, "result", set(result_ids), problems)
    records = []
    for row in rows:
        for code in row.values.get("result") or []:
            if code in result_ids:
                fields = model_fields(row, ProjectResult, skip=("result",))
                key = (row.values["project_number"], result_ids[code])
                records.append(Record(row.number, fields, key, {"result_id": result_ids[code]}))
    check_unique(records_as_rows(records, "results"), ["result"], problems, key=lambda r: r.values)
    return records


def records_as_rows(records, sheet):
    """Records as rows whose values are their keys (to check parsed keys for duplicates)."""
    return [SheetRow(sheet, record.row, record.key) for record in records]


def read_activities(rows, project_numbers, problems):
    _check_project_numbers(rows, project_numbers, problems)
    check_unique(rows, ["project_number", "number"], problems)
    records = []
    for row in rows:
        fields = model_fields(row, Activity)
        validate(Activity, fields, row, problems, exclude=["project"])
        key = (row.values["project_number"], row.values["number"])
        records.append(Record(row.number, fields, key))
    return records


def read_indicators(rows, project_numbers, problems):
    _check_project_numbers(rows, project_numbers, problems)
    check_unique(rows, ["project_number", "kind", "number"], problems)
    records = []
    for row in rows:
        fields = model_fields(row, Indicator)
        validate(Indicator, fields, row, problems, exclude=["project"])
        key = (row.values["project_number"], row.values["kind"], row.values["number"])
        records.append(Record(row.number, fields, key))
    return records


def read_measurements(rows, indicator_keys, problems):
    """Measurements are matched by indicator, date and their order among those of that date."""
    occurrences = Counter()
    records = []
    for row in rows:
        indicator = (
            row.values.get("project_number"),
            row.values.get("kind"),
            row.values.get("indicator_number"),
        )
        if indicator_keys is None:
            problems.append(
                Problem(
                    "measurements",
                    row.number,
                    "indicator_number",
                    _("the sheet “indicators” is needed with the measurements."),
                )
            )
        elif None not in indicator and indicator not in indicator_keys:
            problems.append(
                Problem(
                    "measurements",
                    row.number,
                    "indicator_number",
                    _("there is no such indicator in the sheet “indicators”."),
                )
            )
        fields = model_fields(row, IndicatorMeasurement)
        validate(IndicatorMeasurement, fields, row, problems, exclude=["indicator"])
        occurrence = (*indicator, fields.get("measured_on"))
        occurrences[occurrence] += 1
        key = (*occurrence, occurrences[occurrence])
        records.append(Record(row.number, fields, key, {"indicator": indicator}))
    return records


def _partner_links(row, problems):
    """The partner a row names; its names are checked as a new partner's would be."""
    links = {
        "names": {code: row.values.get(f"partner_{code}") or "" for code in LANGUAGES},
        "kind": row.values.get("partner_kind") or PartnerKind.OTHER,
    }
    fields = {f"name_{code}": name for code, name in links["names"].items()}
    columns = {f"name_{code}": f"partner_{code}" for code in LANGUAGES}
    validate(Partner, {**fields, "kind": links["kind"]}, row, problems, columns=columns)
    return links


def read_partners(rows, project_numbers, problems):
    _check_project_numbers(rows, project_numbers, problems)
    check_unique(rows, ["project_number", f"partner_{FIRST_LANGUAGE}"], problems)
    records = []
    for row in rows:
        fields = model_fields(row, ProjectPartner)
        validate(ProjectPartner, fields, row, problems, exclude=["project", "partner"])
        key = (row.values["project_number"], row.values[f"partner_{FIRST_LANGUAGE}"])
        records.append(Record(row.number, fields, key, _partner_links(row, problems)))
    return records


def read_programme_partners(rows, problems):
    check_unique(rows, [f"partner_{FIRST_LANGUAGE}"], problems)
    records = []
    for position, row in enumerate(rows, start=1):
        fields = {**model_fields(row, ProgrammePartner), "position": position}
        validate(ProgrammePartner, fields, row, problems, exclude=["programme", "partner"])
        key = (row.values[f"partner_{FIRST_LANGUAGE}"],)
        records.append(Record(row.number, fields, key, _partner_links(row, problems)))
    return records


def read_committee(rows, problems):
    for row in rows[1:]:
        problems.append(
            Problem("committee", row.number, "", _("the sheet holds at most one committee."))
        )
    records = []
    for row in rows[:1]:
        fields = model_fields(row, Committee)
        validate(Committee, fields, row, problems, exclude=["member", "programme"])
        records.append(Record(row.number, fields))
    return records


def read_committee_members(rows, has_committee, problems):
    check_unique(rows, ["full_name"], problems)
    if rows and not has_committee:
        problems.append(
            Problem(
                "committee_members",
                rows[0].number,
                "",
                _("the sheet “committee” holds no committee for these members."),
            )
        )
    records = []
    for position, row in enumerate(rows, start=1):
        fields = {**model_fields(row, CommitteeMember), "position": position}
        validate(CommitteeMember, fields, row, problems, exclude=["committee"])
        records.append(Record(row.number, fields, (row.values["full_name"],)))
    return records


def _optional(rows, reader, *args):
    return None if rows is None else reader(rows, *args)


def read_programme_sheets(book, *, member, problems):
    """Parse and validate the programme's sheets of an open workbook; problems are appended
    to ``problems`` (the caller raises). Nothing is written."""
    rows = {sheet.name: read_sheet(book, sheet, problems) for sheet in SHEETS}
    principle_codes = set(Principle.objects.values_list("code", flat=True))
    programme = read_programme(rows["programme"] or [], member, problems)
    axes = read_axes(rows["axes"] or [], principle_codes, problems)
    axis_numbers = {record.key[0] for record in axes}
    projects = read_projects(rows["projects"] or [], axis_numbers, principle_codes, problems)
    project_numbers = {record.key[0] for record in projects}
    indicators = _optional(rows["indicators"], read_indicators, project_numbers, problems)
    indicator_keys = None if indicators is None else {record.key for record in indicators}
    committee = _optional(rows["committee"], read_committee, problems)
    has_committee = bool(committee)
    return ParsedProgramme(
        programme=programme,
        axes=axes,
        projects=projects,
        activities=read_activities(rows["activities"] or [], project_numbers, problems),
        results=_optional(rows["results"], read_results, project_numbers, problems),
        indicators=indicators,
        measurements=_optional(rows["measurements"], read_measurements, indicator_keys, problems),
        partners=_optional(rows["partners"], read_partners, project_numbers, problems),
        programme_partners=_optional(rows["programme_partners"], read_programme_partners, problems),
        committee=committee,
        committee_members=_optional(
            rows["committee_members"], read_committee_members, has_committee, problems
        ),
    )


def read_workbook(file, *, member):
    """Parse and validate the programme's sheets of a file; raises ``WorkbookError`` listing
    every problem. Nothing is written."""
    problems = []
    book = open_workbook(file)
    try:
        parsed = read_programme_sheets(book, member=member, problems=problems)
    finally:
        book.close()
    if problems:
        raise WorkbookError(locate_problems(book, problems))
    parsed.warnings = locate_problems(book, book.warnings)
    return parsed
