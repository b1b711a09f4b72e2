"""The programme file in Arabic and French: sheet names, headers and coded values in the
chosen language, and an import that reads a file in any language (and the English files
already in circulation)."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from consultations.programme_file import export_programme_file, import_programme_file
from programmes.models import ActivityStatus, Programme
from programmes.services import import_programme_workbook
from programmes.workbook import WorkbookError, export_programme
from programmes.workbook_labels import column_label, normalise, sheet_label

from .helpers import BENI_ENSAR, make_member, workbook_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def beni_ensar():
    return make_member("beni-ensar")


@pytest.fixture
def imported(beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        return import_programme_workbook(handle, member=beni_ensar).programme


def edited(data, sheet, column, row, value):
    """``data`` with the cell of ``column`` (its header as written) at ``row`` set to
    ``value``."""
    book = load_workbook(io.BytesIO(data))
    worksheet = book[sheet]
    header = [cell.value for cell in worksheet[1]]
    worksheet.cell(row=row, column=header.index(column) + 1, value=value)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_file_exported_in_a_language_imports_back_to_the_same_rows(
    imported, beni_ensar, language
):
    english = export_programme(imported)
    localised = export_programme(imported, language)
    Programme.objects.all().delete()

    import_programme_workbook(io.BytesIO(localised), member=beni_ensar)

    assert workbook_values(export_programme(Programme.objects.get())) == workbook_values(english)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_importing_a_localised_export_again_changes_no_row(imported, beni_ensar, language):
    report = import_programme_workbook(
        io.BytesIO(export_programme(imported, language)), member=beni_ensar
    )
    assert not report.changed


def test_the_whole_file_in_arabic_imports_back_unchanged(imported, beni_ensar):
    report = import_programme_file(
        io.BytesIO(export_programme_file(imported, "ar")), member=beni_ensar
    )
    assert not report.changed


def test_the_old_english_workbook_still_imports(beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        report = import_programme_workbook(handle, member=beni_ensar, dry_run=True)
    assert report.created["activities"] == 96


def test_the_arabic_export_names_its_sheets_and_columns_in_arabic(imported):
    book = load_workbook(io.BytesIO(export_programme(imported, "ar")), read_only=True)
    assert book.sheetnames[:3] == ["اقرأني", "البرنامج", "المحاور"]
    assert "الأنشطة" in book.sheetnames and "activities" not in book.sheetnames
    header = next(book["الأنشطة"].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("رقم المشروع", "الرقم", "العنوان (بالعربية)")


def test_the_french_export_names_its_sheets_and_columns_in_french(imported):
    book = load_workbook(io.BytesIO(export_programme(imported, "fr")), read_only=True)
    assert book.sheetnames[:3] == ["Lisez-moi", "Programme", "Axes"]
    assert "Activités" in book.sheetnames
    header = next(book["Activités"].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("Numéro du projet", "Numéro", "Titre (arabe)")


def test_the_export_writes_coded_values_as_labels_of_its_language(imported):
    activity = imported.projects.get(number=1).activities.get(number=1)
    activity.status = ActivityStatus.IN_PROGRESS
    activity.save()
    values = workbook_values(export_programme(imported, "fr"))
    header = values["Activités"][0]
    row = values["Activités"][1]
    with translation.override("fr"):
        expected = str(ActivityStatus.IN_PROGRESS.label)
    assert row[header.index("Statut")] == expected
    projects = values["Projets"]
    assert projects[1][projects[0].index("Réalisable dans la période")] in ("oui", "non", None)


def test_tamazight_takes_the_french_names(imported):
    book = load_workbook(io.BytesIO(export_programme(imported, "zgh")), read_only=True)
    assert "Activités" in book.sheetnames


def test_sheet_names_and_headers_are_matched_whatever_their_case_spaces_and_spelling():
    assert normalise(" ﺍلأنشطـة ") == normalise("الانشطة")
    assert normalise("Titre  (ARABE)") == normalise("titre (arabe)")
    assert normalise(sheet_label("activities", "fr")) == normalise("activités")
    assert column_label("title_ar", None) == "title_ar"


def test_a_file_mixing_languages_imports(imported, beni_ensar):
    data = edited(export_programme(imported, "ar"), "الأنشطة", "الوضعية", 2, "Done")
    book = load_workbook(data)
    book["المحاور"].title = "Axes"
    output = io.BytesIO()
    book.save(output)
    report = import_programme_workbook(io.BytesIO(output.getvalue()), member=beni_ensar)
    assert report.updated["activities"] == 1


def test_a_problem_in_an_arabic_file_is_located_by_the_files_own_names(imported, beni_ensar):
    data = edited(export_programme(imported, "ar"), "الأنشطة", "نسبة التقدم", 3, 150)
    with pytest.raises(WorkbookError) as caught:
        import_programme_workbook(data, member=beni_ensar)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("activities", 3, "progress")
    with translation.override("fr"):
        message = str(problem)
    assert "الأنشطة" in message and "ligne 3" in message and "نسبة التقدم" in message


def test_a_missing_required_sheet_is_named_in_the_files_language(imported, beni_ensar):
    book = load_workbook(io.BytesIO(export_programme(imported, "fr")))
    del book["Activités"]
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    with pytest.raises(WorkbookError) as caught:
        import_programme_workbook(output, member=beni_ensar)
    assert [str(p.sheet_label) for p in caught.value.problems] == ["Activités"]
