import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from programmes.models import Activity, Axis, Programme, Project
from programmes.services import import_programme_workbook
from programmes.workbook import SHEETS, WorkbookError, export_programme

from .helpers import BENI_ENSAR, make_member, workbook_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def beni_ensar():
    return make_member("beni-ensar")


@pytest.fixture
def imported(beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        return import_programme_workbook(handle, member=beni_ensar).programme


def cell(sheet, column, row):
    """The spreadsheet address of ``column`` in ``sheet`` at ``row`` (header is row 1)."""
    names = [c.name for c in next(s for s in SHEETS if s.name == sheet).columns]
    return f"{get_column_letter(names.index(column) + 1)}{row}"


def edited(data, sheet, address, value):
    book = load_workbook(io.BytesIO(data))
    book[sheet][address] = value
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def test_the_shipped_beni_ensar_workbook_holds_the_whole_programme(imported):
    assert imported.projects.count() == 9
    assert Activity.objects.filter(project__programme=imported).count() == 96
    assert imported.axes.count() == 5
    total = sum(p.estimated_budget for p in imported.projects.all())
    assert total == 655000


def test_weights_are_stored_as_printed(imported):
    weights = {
        project.number: sum(a.weight for a in project.activities.all())
        for project in imported.projects.prefetch_related("activities")
    }
    assert weights == {1: 120, 2: 99, 3: 125, 4: 92, 5: 99, 6: 116, 7: 100, 8: 100, 9: 100}


def test_export_then_import_reproduces_the_programme_exactly(imported, beni_ensar):
    first_export = export_programme(imported)
    Programme.objects.all().delete()
    import_programme_workbook(io.BytesIO(first_export), member=beni_ensar)
    second_export = export_programme(Programme.objects.get())
    assert workbook_values(second_export) == workbook_values(first_export)


def test_importing_the_same_workbook_again_changes_no_row(imported, beni_ensar):
    report = import_programme_workbook(io.BytesIO(export_programme(imported)), member=beni_ensar)
    assert report.updated.total() == 0
    assert report.deleted.total() == 0


def test_a_workbook_with_invalid_rows_changes_nothing_and_locates_every_problem(
    imported, beni_ensar
):
    data = export_programme(imported)
    book = load_workbook(io.BytesIO(data))
    book["activities"][cell("activities", "start_date", 2)] = "2025-12-31"
    book["activities"][cell("activities", "end_date", 2)] = "2024-01-01"  # end before start
    book["activities"][cell("activities", "progress", 3)] = 150  # above 100 %
    book["projects"][cell("projects", "axis_number", 4)] = 42  # no such axis
    book["activities"][cell("activities", "number", 6)] = "six"
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    before = list(Activity.objects.order_by("pk").values_list("start_date", "end_date", "progress"))

    with pytest.raises(WorkbookError) as caught:
        import_programme_workbook(output, member=beni_ensar)

    located = {(p.sheet, p.row, p.column) for p in caught.value.problems}
    assert ("activities", 2, "end_date") in located
    assert ("activities", 3, "progress") in located
    assert ("projects", 4, "axis_number") in located
    assert ("activities", 6, "number") in located
    after = list(Activity.objects.order_by("pk").values_list("start_date", "end_date", "progress"))
    assert after == before


def test_a_negative_budget_is_refused(imported, beni_ensar):
    data = edited(
        export_programme(imported), "projects", cell("projects", "estimated_budget", 2), -5
    )
    with pytest.raises(WorkbookError) as caught:
        import_programme_workbook(data, member=beni_ensar)
    assert [(p.sheet, p.row, p.column) for p in caught.value.problems] == [
        ("projects", 2, "estimated_budget")
    ]


def test_a_workbook_for_another_member_is_refused(imported):
    larache = make_member("larache", name="جماعة العرائش")
    with pytest.raises(WorkbookError) as caught:
        import_programme_workbook(io.BytesIO(export_programme(imported)), member=larache)
    assert caught.value.problems[0].column == "member"
    assert not Programme.objects.filter(member=larache).exists()


def test_a_dry_run_stores_nothing(beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        report = import_programme_workbook(handle, member=beni_ensar, dry_run=True)
    assert report.created["activities"] == 96
    assert not Programme.objects.exists()
    assert not Activity.objects.exists()


def test_removing_a_row_from_the_workbook_removes_the_activity(imported, beni_ensar):
    book = load_workbook(io.BytesIO(export_programme(imported)))
    book["activities"].delete_rows(2)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    report = import_programme_workbook(output, member=beni_ensar)
    assert report.deleted["activities"] == 1
    assert Activity.objects.count() == 95


def test_problems_are_reported_in_the_users_language(imported, beni_ensar):
    from django.utils import translation

    data = edited(
        export_programme(imported), "activities", cell("activities", "progress", 2), "beaucoup"
    )
    with translation.override("fr"), pytest.raises(WorkbookError) as caught:
        import_programme_workbook(data, member=beni_ensar)
    with translation.override("fr"):
        message = str(caught.value.problems[0])
    assert "ligne 2" in message and "progress" in message


def test_the_import_command_reports_problems_and_fails(tmp_path, imported):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        edited(
            export_programme(imported), "activities", cell("activities", "progress", 2), 150
        ).getvalue()
    )
    with pytest.raises(CommandError):
        call_command("import_programme", str(path), "--member", "beni-ensar")


def test_the_export_command_writes_a_workbook(tmp_path, imported):
    path = tmp_path / "out.xlsx"
    call_command("export_programme", "beni-ensar", "2024-2025", str(path))
    assert "activities" in load_workbook(path).sheetnames
    assert Axis.objects.count() == 5
    assert Project.objects.count() == 9


def test_texts_a_spreadsheet_would_run_as_formulas_are_neutralised_and_restored(
    imported, beni_ensar
):
    activity = Activity.objects.filter(project__programme=imported).first()
    activity.title_ar = '=HYPERLINK("http://example.com", "x")'
    activity.save()
    data = export_programme(imported)
    sheet = load_workbook(io.BytesIO(data))["activities"]
    cell_value = sheet[cell("activities", "title_ar", 2)].value
    assert cell_value == "'" + activity.title_ar
    import_programme_workbook(io.BytesIO(data), member=beni_ensar)
    activity.refresh_from_db()
    assert activity.title_ar == '=HYPERLINK("http://example.com", "x")'
