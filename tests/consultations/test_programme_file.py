"""The whole programme file: one workbook with everything a member publishes about a
programme; an unchanged file changes nothing, a focal point can fill it without help."""

import datetime
import io
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from consultations.models import DeclaredAxisFigures, Event, Station, StationKind
from consultations.programme_file import (
    SHEETS,
    WorkbookError,
    export_programme_file,
    import_programme_file,
)
from programmes.models import (
    Activity,
    Axis,
    Committee,
    CommitteeMember,
    Indicator,
    IndicatorMeasurement,
    Partner,
    Programme,
    ProgrammePartner,
    Project,
    ProjectPartner,
    ProjectResult,
)

pytestmark = pytest.mark.django_db

BENI_ENSAR = Path(__file__).resolve().parents[2] / "programmes/data/beni-ensar-2024-2025.xlsx"
CASABLANCA = ZoneInfo("Africa/Casablanca")
MODELS = (
    Programme,
    Axis,
    Project,
    Activity,
    Indicator,
    IndicatorMeasurement,
    ProjectResult,
    ProjectPartner,
    ProgrammePartner,
    Partner,
    Committee,
    CommitteeMember,
    Station,
    Event,
    DeclaredAxisFigures,
)


@pytest.fixture
def imported(beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        return import_programme_file(handle, member=beni_ensar).programme


@pytest.fixture
def full(imported, beni_ensar):
    """The Beni Ensar programme with a row in every sheet."""
    programme = imported
    indicator = Indicator.objects.filter(project__programme=programme).first()
    for value in (10, 12):  # two measurements on one day: matched by their order
        IndicatorMeasurement.objects.create(
            indicator=indicator, measured_on=datetime.date(2025, 3, 1), value=value
        )
    partner = Partner.objects.create(name_ar="المديرية العامة للجماعات الترابية", kind="public")
    ProgrammePartner.objects.create(
        programme=programme, partner=partner, role_ar="مواكبة", role_fr="Accompagnement"
    )
    committee = Committee.objects.create(
        member=beni_ensar,
        programme=programme,
        decision_number="12/2023",
        decided_on=datetime.date(2023, 5, 2),
        composition_ar="نائب الرئيس و3 جمعيات",
    )
    CommitteeMember.objects.create(
        committee=committee,
        full_name="فاطمة الزهراء",
        category="civil_society",
        gender="woman",
        email="fz@example.org",
        phone="0600000000",
        position=1,
    )
    CommitteeMember.objects.create(
        committee=committee, full_name="أحمد", category="chair", position=2
    )
    first = Station.objects.create(
        programme=programme,
        kind=StationKind.INFORMATION_MEETING,
        position=1,
        starts_on=datetime.date(2023, 1, 10),
        declared_ideas_in_person=40,
    )
    second = Station.objects.create(
        programme=programme,
        kind=StationKind.IDEA_COLLECTION,
        position=2,
        title_ar="جمع الأفكار",
        starts_on=datetime.date(2023, 2, 1),
        ends_on=datetime.date(2023, 2, 28),
        online_input="ideas",
        declared_ideas_on_paper=15,
    )
    Event.objects.create(
        member=beni_ensar,
        station=first,
        title_ar="لقاء تواصلي",
        starts_at=datetime.datetime(2023, 1, 10, 10, 30, tzinfo=CASABLANCA),
        participants=60,
        women=25,
    )
    Event.objects.create(member=beni_ensar, station=second, title_ar="ورشة بدون تاريخ")
    DeclaredAxisFigures.objects.create(
        axis=programme.axes.get(number=1), ideas_in_person=7, observations=0
    )
    return programme


def ids():
    return {model.__name__: set(model.objects.values_list("pk", flat=True)) for model in MODELS}


def sheet_values(data):
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def address(sheet_name, column, row):
    sheet = next(sheet for sheet in SHEETS if sheet.name == sheet_name)
    names = [c.name for c in sheet.columns]
    return f"{get_column_letter(names.index(column) + 1)}{row}"


def edited(data, *changes):
    """The file with ``(sheet, column, row, value)`` changes."""
    book = load_workbook(io.BytesIO(data))
    for sheet, column, row, value in changes:
        book[sheet][address(sheet, column, row)] = value
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def test_reimporting_the_exported_beni_ensar_file_changes_nothing_and_keeps_every_id(
    imported, beni_ensar
):
    before = ids()
    report = import_programme_file(io.BytesIO(export_programme_file(imported)), member=beni_ensar)
    assert report.summary() == gettext("nothing changed")
    assert ids() == before


def test_reimporting_a_file_with_every_sheet_filled_changes_nothing_and_keeps_every_id(
    full, beni_ensar
):
    before = ids()
    report = import_programme_file(io.BytesIO(export_programme_file(full)), member=beni_ensar)
    assert report.summary() == gettext("nothing changed")
    assert ids() == before


def test_a_file_with_every_sheet_filled_recreates_the_same_programme(full, beni_ensar):
    exported = export_programme_file(full)
    Committee.objects.all().delete()
    Event.objects.all().delete()
    Programme.objects.all().delete()
    import_programme_file(io.BytesIO(exported), member=beni_ensar)
    assert sheet_values(export_programme_file(Programme.objects.get())) == sheet_values(exported)


def test_a_changed_activity_is_updated_in_place_with_its_history(imported, beni_ensar):
    activity = Activity.objects.get(project__programme=imported, project__number=1, number=1)
    data = edited(export_programme_file(imported), ("activities", "progress", 2, 55))
    report = import_programme_file(data, member=beni_ensar)
    assert report.updated["activities"] == 1
    assert report.created.total() == 0
    changed = Activity.objects.get(pk=activity.pk)
    assert changed.progress == 55
    assert changed.history.first().progress == 55


def test_a_changed_project_is_updated_in_place_with_its_history(imported, beni_ensar):
    project = Project.objects.get(programme=imported, number=1)
    data = edited(export_programme_file(imported), ("projects", "duration_ar", 2, "سنتان"))
    report = import_programme_file(data, member=beni_ensar)
    assert report.updated["projects"] == 1
    assert report.created.total() == 0
    changed = Project.objects.get(pk=project.pk)
    assert changed.duration_ar == "سنتان"
    assert changed.history.first().duration_ar == "سنتان"
    assert changed.history.count() == 2  # created, then changed


def test_a_removed_station_row_deletes_the_station_and_says_so(full, beni_ensar):
    book = load_workbook(io.BytesIO(export_programme_file(full)))
    book["events"].delete_rows(3)  # the second station's workshop
    book["stations"].delete_rows(3)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    report = import_programme_file(output, member=beni_ensar)
    assert report.deleted["stations"] == 1
    assert report.deleted["events"] == 1
    assert list(Station.objects.values_list("kind", flat=True)) == ["information_meeting"]


def test_an_optional_sheet_removed_from_the_file_leaves_its_rows_alone(full, beni_ensar):
    book = load_workbook(io.BytesIO(export_programme_file(full)))
    for name in ("stations", "events", "committee", "committee_members"):
        del book[name]
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    import_programme_file(output, member=beni_ensar)
    assert Station.objects.count() == 2
    assert Event.objects.count() == 2
    assert CommitteeMember.objects.count() == 2


def test_committee_members_private_contacts_are_not_exported_and_stay_on_import(full, beni_ensar):
    data = export_programme_file(full)
    values = sheet_values(data)
    assert "email" not in values["committee_members"][0]
    assert not any("fz@example.org" in str(row) for row in values["committee_members"])
    import_programme_file(
        edited(data, ("committee_members", "gender", 3, "man")), member=beni_ensar
    )
    member = CommitteeMember.objects.get(full_name="فاطمة الزهراء")
    assert (member.email, member.phone) == ("fz@example.org", "0600000000")


def test_a_workshop_date_alone_is_stored_at_midnight_in_casablanca(full, beni_ensar):
    data = edited(export_programme_file(full), ("events", "date", 3, "15/02/2023"))
    import_programme_file(data, member=beni_ensar)
    event = Event.objects.get(title_ar="ورشة بدون تاريخ")
    assert event.starts_at == datetime.datetime(2023, 2, 15, tzinfo=CASABLANCA)


def test_a_workbook_with_an_invalid_workshop_changes_nothing_and_locates_the_problem(
    full, beni_ensar
):
    data = edited(
        export_programme_file(full),
        ("events", "women", 2, 80),  # more women than participants
        ("activities", "progress", 2, 10),
    )
    before = list(Activity.objects.order_by("pk").values_list("progress", flat=True))
    with pytest.raises(WorkbookError) as caught:
        import_programme_file(data, member=beni_ensar)
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [("events", 2, "women")]
    assert list(Activity.objects.order_by("pk").values_list("progress", flat=True)) == before


def test_a_workshop_of_an_unknown_station_is_refused(full, beni_ensar):
    data = edited(export_programme_file(full), ("events", "station_number", 2, 9))
    with pytest.raises(WorkbookError) as caught:
        import_programme_file(data, member=beni_ensar)
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [
        ("events", 2, "station_number")
    ]


def test_figures_of_an_unknown_axis_are_refused(full, beni_ensar):
    data = edited(export_programme_file(full), ("axis_figures", "axis_number", 2, 42))
    with pytest.raises(WorkbookError) as caught:
        import_programme_file(data, member=beni_ensar)
    assert [(p.sheet, p.column) for p in caught.value.problems] == [("axis_figures", "axis_number")]


@pytest.mark.parametrize("label", ["draft", "DRAFT ", "مسودة", "Brouillon", "Draft"])
def test_a_coded_column_takes_the_code_or_a_translated_label(imported, beni_ensar, label):
    with translation.override("ar"):
        arabic = gettext("Draft")
    with translation.override("fr"):
        french = gettext("Draft")
    label = {"مسودة": arabic, "Brouillon": french}.get(label, label)
    data = edited(export_programme_file(imported), ("programme", "status", 2, label))
    import_programme_file(data, member=beni_ensar)
    assert Programme.objects.get().status == "draft"


@pytest.mark.parametrize(
    "written", ["31/12/2025", "31-12-2025", "2025-12-31", datetime.date(2025, 12, 31)]
)
def test_dates_are_read_day_first_or_as_spreadsheet_dates(imported, beni_ensar, written):
    data = edited(export_programme_file(imported), ("activities", "end_date", 2, written))
    import_programme_file(data, member=beni_ensar)
    activity = Activity.objects.get(project__number=1, number=1)
    assert activity.end_date == datetime.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1,500,000", Decimal("1500000")),
        ("1 500 000", Decimal("1500000")),
        ("1\u00a0500\u202f000", Decimal("1500000")),
        ("25 000,50", Decimal("25000.50")),
        ("1,500.75", Decimal("1500.75")),
        ("2,5", Decimal("2.5")),
    ],
)
def test_amounts_take_spaces_and_commas(imported, beni_ensar, written, amount):
    data = edited(export_programme_file(imported), ("projects", "estimated_budget", 2, written))
    import_programme_file(data, member=beni_ensar)
    assert Project.objects.get(number=1).estimated_budget == amount


def test_a_text_cost_is_kept_as_written_and_the_amount_left_to_be_determined(imported, beni_ensar):
    data = edited(
        export_programme_file(imported),
        ("activities", "cost", 2, "تحدد لاحقا"),
        ("activities", "cost_note_ar", 2, ""),
    )
    import_programme_file(data, member=beni_ensar)
    activity = Activity.objects.get(project__number=1, number=1)
    assert (activity.cost, activity.cost_note_ar) == (None, "تحدد لاحقا")


def test_a_text_cost_beside_a_different_note_keeps_both(imported, beni_ensar):
    data = edited(
        export_programme_file(imported),
        ("activities", "cost", 2, "حسب الشريك"),
        ("activities", "cost_note_ar", 2, "تقديري"),
    )
    import_programme_file(data, member=beni_ensar)
    activity = Activity.objects.get(project__number=1, number=1)
    assert activity.cost_note_ar == "تقديري — حسب الشريك"


def test_a_text_budget_is_kept_as_written_and_the_file_then_round_trips(imported, beni_ensar):
    data = edited(export_programme_file(imported), ("projects", "estimated_budget", 2, "25000,..."))
    import_programme_file(data, member=beni_ensar)
    project = Project.objects.get(number=1)
    assert (project.estimated_budget, project.budget_as_entered) == (None, "25000,...")
    report = import_programme_file(
        io.BytesIO(export_programme_file(project.programme)), member=beni_ensar
    )
    assert report.summary() == gettext("nothing changed")


def test_every_coded_column_offers_a_drop_down_from_the_codes_sheet(imported):
    book = load_workbook(io.BytesIO(export_programme_file(imported)))
    activities = book["activities"]
    status = get_column_letter([c.value for c in activities[1]].index("status") + 1)
    validations = {
        str(cells).split(":")[0]: dv
        for dv in activities.data_validations.dataValidation
        for cells in dv.sqref.ranges
    }
    validation = validations[f"{status}2"]
    assert validation.type == "list"
    assert validation.formula1.startswith("codes!$")
    first, last = validation.formula1.split("!")[1].replace("$", "").split(":")
    offered = {cell.value for (cell,) in book["codes"][f"{first}:{last}"]}
    assert {"planned", "done"} <= offered
    with translation.override("ar"):
        assert gettext("Done") in offered


def test_the_codes_sheet_lists_every_code_with_its_arabic_and_french_labels(imported):
    book = load_workbook(io.BytesIO(export_programme_file(imported)))
    rows = list(book["codes"].iter_rows(min_row=2, max_col=4, values_only=True))
    with translation.override("fr"):
        expected = ("activity_status", "done", gettext("Done"))
    assert expected in [(row[0], row[1], row[3]) for row in rows]


def test_the_read_me_sheet_explains_every_column_of_every_sheet(imported):
    book = load_workbook(io.BytesIO(export_programme_file(imported)), read_only=True)
    explained = {(row[0], row[1]) for row in book["read_me"].iter_rows(min_row=2, values_only=True)}
    for sheet in SHEETS:
        for column in sheet.columns:
            assert (sheet.name, column.name) in explained


def test_the_import_command_says_nothing_changed_for_an_unchanged_file(tmp_path, imported, capsys):
    path = tmp_path / "programme.xlsx"
    call_command("export_programme", "beni-ensar", "2024-2025", str(path))
    call_command("import_programme", str(path), "--member", "beni-ensar", "--language", "fr")
    with translation.override("fr"):
        assert gettext("nothing changed") in capsys.readouterr().out


def test_a_programme_partner_name_too_long_is_refused_where_it_is_written(full, beni_ensar):
    data = edited(export_programme_file(full), ("programme_partners", "partner_ar", 2, "ش" * 301))
    with pytest.raises(WorkbookError) as caught:
        import_programme_file(data, member=beni_ensar)
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [
        ("programme_partners", 2, "partner_ar")
    ]
