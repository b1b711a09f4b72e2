"""Spreadsheet import and export of axes, projects and activities (programmes.resources), by
code and through the admin. alice is the focal point of Beni Ensar, bob of Larache, charlie a
committee member of Beni Ensar, diana network staff (see tests/conftest.py)."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import XLSX

from programmes.models import Activity, ActivityStatus, Axis, Project
from programmes.resources import ACTIVITY_COLUMNS, ActivityResource, AxisResource, ProjectResource

from .helpers import make_activity, make_programme, make_project

pytestmark = pytest.mark.django_db

ACTIVITIES_CSV = """\
member,period,project_number,number,title_ar,title_fr,start_date,end_date,weight,cost,status,progress
beni-ensar,2024-2025,1,1,ورشة التشخيص,Atelier de diagnostic,2024-03-01,2024-03-31,60,,planned,0
beni-ensar,2024-2025,1,2,استشارة عمومية,Consultation,01/04/2024,30/04/2024,40,15000,in_progress,20
"""


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


@pytest.fixture
def programme_a(beni_ensar):
    return make_programme(beni_ensar)


@pytest.fixture
def project_a(programme_a):
    return make_project(programme_a, 1)


@pytest.fixture
def project_b(larache):
    return make_project(make_programme(larache), 1)


def load(text):
    return tablib.Dataset().load(text, format="csv")


def import_rows(resource_class, text, user, **kwargs):
    return resource_class().import_data(load(text), user=user, **kwargs)


def row_errors(result):
    return {row.number: row.field_specific_errors for row in result.invalid_rows}


def stored_activities():
    columns = ["pk", "project_id", *ACTIVITY_COLUMNS[3:]]
    return list(Activity.objects.order_by("number").values_list(*columns))


# Activities -------------------------------------------------------------------------------------


def test_a_csv_file_of_activities_is_stored(alice, project_a):
    result = import_rows(ActivityResource, ACTIVITIES_CSV, alice)
    assert not result.has_errors() and not result.has_validation_errors()
    second = project_a.activities.get(number=2)
    assert (second.title_fr, second.start_date, second.end_date) == (
        "Consultation",
        datetime.date(2024, 4, 1),
        datetime.date(2024, 4, 30),
    )
    assert (second.weight, second.cost, second.status, second.progress) == (
        Decimal("40"),
        Decimal("15000"),
        ActivityStatus.IN_PROGRESS,
        20,
    )


def test_a_dry_run_stores_nothing(alice, project_a):
    import_rows(ActivityResource, ACTIVITIES_CSV, alice, dry_run=True)
    assert not Activity.objects.exists()


def test_a_file_with_one_bad_row_stores_nothing_and_names_the_row_and_column(alice, project_a):
    text = ACTIVITIES_CSV.replace("01/04/2024,30/04/2024", "30/04/2024,01/04/2024")
    result = import_rows(ActivityResource, text, alice)
    assert list(row_errors(result)) == [2]
    assert "end_date" in row_errors(result)[2]
    assert not Activity.objects.exists()


def test_a_bad_row_does_not_change_the_stored_activities(alice, project_a):
    make_activity(project_a, 1, weight=50, title_ar="قديم")
    text = ACTIVITIES_CSV.replace(",40,15000,", ",-40,15000,")
    result = import_rows(ActivityResource, text, alice)
    assert "weight" in row_errors(result)[2]
    assert list(project_a.activities.values_list("title_ar", "weight")) == [("قديم", 50)]


def test_a_row_for_another_members_programme_is_refused(bob, project_a, project_b):
    result = import_rows(ActivityResource, ACTIVITIES_CSV, bob)
    assert set(row_errors(result)) == {1, 2}
    assert "member" in row_errors(result)[1]
    assert not Activity.objects.exists()


def test_network_staff_import_for_any_member(diana, project_a):
    result = import_rows(ActivityResource, ACTIVITIES_CSV, diana)
    assert not result.has_validation_errors()
    assert project_a.activities.count() == 2


def test_an_import_without_a_user_stores_nothing(project_a):
    result = import_rows(ActivityResource, ACTIVITIES_CSV, None)
    assert result.has_validation_errors()
    assert not Activity.objects.exists()


def test_a_row_with_the_numbers_of_a_stored_activity_updates_it(alice, project_a):
    stored = make_activity(project_a, 1, title_ar="قديم")
    import_rows(ActivityResource, ACTIVITIES_CSV, alice)
    stored.refresh_from_db()
    assert stored.title_ar == "ورشة التشخيص"
    assert project_a.activities.count() == 2


def test_an_unknown_project_number_is_an_error_of_its_column(alice, project_a):
    text = ACTIVITIES_CSV.replace("2024-2025,1,2,", "2024-2025,9,2,")
    result = import_rows(ActivityResource, text, alice)
    assert "project_number" in row_errors(result)[2]
    assert not Activity.objects.exists()


def test_an_unknown_period_is_an_error_of_its_column(alice, project_a):
    text = ACTIVITIES_CSV.replace("beni-ensar,2024-2025,1,2", "beni-ensar,2026-2027,1,2")
    result = import_rows(ActivityResource, text, alice)
    assert "period" in row_errors(result)[2]


def test_a_missing_arabic_title_is_an_error_of_its_column(alice, project_a):
    text = ACTIVITIES_CSV.replace("ورشة التشخيص", "")
    result = import_rows(ActivityResource, text, alice)
    assert "title_ar" in row_errors(result)[1]


def test_exported_activities_import_back_unchanged_from_xlsx(alice, project_a):
    make_activity(project_a, 1, weight=60, title_ar="ورشة", cost=Decimal("1200.50"))
    make_activity(project_a, 2, weight=40, title_ar="استشارة")
    before = stored_activities()
    exported = ActivityResource().export(Activity.objects.all(), force_native_type=True)
    data = XLSX().export_data(exported)
    result = ActivityResource().import_data(XLSX().create_dataset(data), user=alice)
    assert not result.has_validation_errors() and not result.has_errors()
    assert stored_activities() == before


# Projects and axes ------------------------------------------------------------------------------

PROJECTS_CSV = """\
member,period,number,axis_number,title_ar,estimated_budget,funding_source,competence_own
beni-ensar,2024-2025,1,2,بوابة المشاركة,250000,own,1
"""


def test_a_project_names_its_axis_by_number(alice, programme_a):
    axis = Axis.objects.create(programme=programme_a, number=2, title_ar="الرقمنة")
    import_rows(ProjectResource, PROJECTS_CSV, alice)
    project = Project.objects.get(programme=programme_a, number=1)
    assert (project.axis, project.estimated_budget, project.competence_own) == (
        axis,
        Decimal("250000"),
        True,
    )


def test_an_unknown_axis_number_is_an_error_of_its_column(alice, programme_a):
    result = import_rows(ProjectResource, PROJECTS_CSV, alice)
    assert "axis_number" in row_errors(result)[1]
    assert not Project.objects.exists()


def test_a_negative_budget_is_refused(alice, programme_a):
    Axis.objects.create(programme=programme_a, number=2, title_ar="الرقمنة")
    result = import_rows(ProjectResource, PROJECTS_CSV.replace("250000", "-5"), alice)
    assert "estimated_budget" in row_errors(result)[1]
    assert not Project.objects.exists()


def test_axes_are_imported(alice, programme_a):
    text = "member,period,number,title_ar,title_fr\nbeni-ensar,2024-2025,3,التواصل,Communication\n"
    import_rows(AxisResource, text, alice)
    assert programme_a.axes.get(number=3).title_fr == "Communication"


def test_an_axis_for_another_member_is_refused(bob, programme_a):
    text = "member,period,number,title_ar\nbeni-ensar,2024-2025,3,التواصل\n"
    result = import_rows(AxisResource, text, bob)
    assert "member" in row_errors(result)[1]
    assert not Axis.objects.exists()


# Through the admin ------------------------------------------------------------------------------


def upload(client, text):
    return client.post(
        reverse("admin:programmes_activity_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("activities.csv", text.encode(), "text/csv"),
        },
    )


def test_the_admin_import_previews_then_stores_the_file(login, alice, project_a):
    client = login(alice)
    preview = upload(client, ACTIVITIES_CSV)
    assert not Activity.objects.exists()
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:programmes_activity_process_import"), confirm.initial)
    assert response.status_code == 302
    assert project_a.activities.count() == 2


def test_the_admin_import_shows_another_members_rows_as_errors(login, bob, project_a):
    response = upload(login(bob), ACTIVITIES_CSV)
    assert "confirm_form" not in response.context
    assert [row.number for row in response.context["result"].invalid_rows] == [1, 2]
    assert not Activity.objects.exists()


def test_a_committee_member_cannot_import(login, charlie, project_a):
    response = upload(login(charlie), ACTIVITIES_CSV)
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_the_admin_export_holds_only_the_users_rows(login, alice, project_a, project_b):
    make_activity(project_a, 1, title_ar="نشاط بني انصار")
    make_activity(project_b, 1, title_ar="نشاط العرائش")
    selected = {f"activityresource_{column}": "on" for column in ACTIVITY_COLUMNS}
    response = login(alice).post(
        reverse("admin:programmes_activity_export"), {"format": "0", "resource": "0", **selected}
    )
    content = response.content.decode()
    assert "نشاط بني انصار" in content
    assert "نشاط العرائش" not in content


def test_yes_and_no_are_read_in_every_language(alice, programme_a):
    Axis.objects.create(programme=programme_a, number=2, title_ar="الرقمنة")
    import_rows(ProjectResource, PROJECTS_CSV.replace(",own,1", ",own,نعم"), alice)
    assert Project.objects.get(programme=programme_a, number=1).competence_own is True


def test_a_word_that_is_neither_yes_nor_no_is_an_error_of_its_column(alice, programme_a):
    Axis.objects.create(programme=programme_a, number=2, title_ar="الرقمنة")
    result = import_rows(ProjectResource, PROJECTS_CSV.replace(",own,1", ",own,peut-être"), alice)
    assert "competence_own" in row_errors(result)[1]
    assert not Project.objects.exists()
