import io
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from consultations.programme_file import export_programme_file
from network.models import RoleKind
from programmes.models import Activity, ActivityStatus, Programme
from programmes.services import import_programme_workbook

from ..factories import RoleFactory, UserFactory
from .helpers import make_programme

pytestmark = pytest.mark.django_db

BENI_ENSAR = Path(__file__).resolve().parents[2] / "programmes/data/beni-ensar-2024-2025.xlsx"
IMPORT_URL = "/ar/admin/programmes/programme/import-workbook/"


def workbook_upload():
    return SimpleUploadedFile("programme.xlsx", BENI_ENSAR.read_bytes())


def test_a_focal_point_checks_a_workbook_without_storing_it(login, alice, beni_ensar):
    response = login(alice).post(
        IMPORT_URL, {"member": beni_ensar.pk, "file": workbook_upload(), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert response.context["report"].created["activities"] == 96
    assert not Programme.objects.exists()


def test_a_focal_point_imports_a_workbook_into_its_member(login, alice, beni_ensar):
    response = login(alice).post(IMPORT_URL, {"member": beni_ensar.pk, "file": workbook_upload()})
    programme = Programme.objects.get(member=beni_ensar)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programmes_programme_change", args=[programme.pk])
    assert Activity.objects.filter(project__programme=programme).count() == 96


def test_a_focal_point_cannot_import_into_another_member(login, bob, beni_ensar):
    response = login(bob).post(IMPORT_URL, {"member": beni_ensar.pk, "file": workbook_upload()})
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_a_committee_member_has_no_import_page(login, charlie):
    assert login(charlie).get(IMPORT_URL).status_code == 404


def test_a_workbook_for_another_member_is_refused_with_located_problems(login, alice, bob, larache):
    response = login(bob).post(IMPORT_URL, {"member": larache.pk, "file": workbook_upload()})
    problems = response.context["problems"]
    assert [(p.sheet, p.column) for p in problems] == [("programme", "member")]
    assert "programme" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_committee_member_exports_its_members_workbook(login, charlie, beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        programme = import_programme_workbook(handle, member=beni_ensar).programme
    url = reverse("programme_file:export", args=[programme.pk])
    response = login(charlie).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="beni-ensar-2024-2025-ar.xlsx"'


def test_another_members_focal_point_cannot_export_the_workbook(login, bob, beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        programme = import_programme_workbook(handle, member=beni_ensar).programme
    url = reverse("programme_file:export", args=[programme.pk])
    assert login(bob).get(url).status_code == 404


# --- the workbook in Arabic or French ------------------------------------------------------


@pytest.fixture
def programme(beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        return import_programme_workbook(handle, member=beni_ensar).programme


def sheet_names(response):
    return load_workbook(io.BytesIO(response.content), read_only=True).sheetnames


def test_the_workbook_downloads_in_arabic_by_default_and_in_french_on_request(
    login, charlie, programme
):
    url = reverse("programme_file:export", args=[programme.pk])
    client = login(charlie)
    assert "الأنشطة" in sheet_names(client.get(url))
    french = client.get(url, {"language": "fr"})
    assert "Activités" in sheet_names(french)
    assert french["Content-Disposition"] == 'attachment; filename="beni-ensar-2024-2025-fr.xlsx"'
    assert "الأنشطة" in sheet_names(client.get(url, {"language": "<script>"}))


def test_the_change_page_offers_the_workbook_in_arabic_and_french_and_its_import(
    login, alice, programme
):
    response = login(alice).get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    export = reverse("programme_file:export", args=[programme.pk])
    page = response.content.decode()
    assert f'href="{export}?language=ar"' in page
    assert f'href="{export}?language=fr"' in page
    assert reverse("programme_file:programme_import", args=[programme.pk]) in page


def test_a_committee_member_is_not_offered_the_import(login, charlie, programme):
    response = login(charlie).get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    assert response.status_code == 200
    assert reverse("programme_file:programme_import", args=[programme.pk]) not in (
        response.content.decode()
    )


# --- import from the programme's page: check, then confirm -----------------------------------


def import_url(programme):
    return reverse("programme_file:programme_import", args=[programme.pk])


def changed_workbook(programme, language="ar", **cells):
    """The programme's file in ``language`` with the first activity's status set to Done, or
    the given cells (sheet title, header, row → value) changed."""
    book = load_workbook(io.BytesIO(export_programme_file(programme, language)))
    cells = cells.get("cells") or {("الأنشطة", "الوضعية", 2): "منجز"}
    for (sheet, header, row), value in cells.items():
        worksheet = book[sheet]
        names = [cell.value for cell in worksheet[1]]
        worksheet.cell(row=row, column=names.index(header) + 1, value=value)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("programme.xlsx", output.getvalue())


def first_activity(programme):
    return Activity.objects.get(project__programme=programme, project__number=1, number=1)


def test_checking_a_file_stores_nothing_and_offers_a_confirmation(login, alice, programme):
    response = login(alice).post(import_url(programme), {"file": changed_workbook(programme)})
    assert response.status_code == 200
    assert response.context["report"].updated["activities"] == 1
    assert response.context["token"]
    assert 'name="token"' in response.content.decode()
    assert first_activity(programme).status != ActivityStatus.DONE


def test_confirming_stores_the_checked_file_without_choosing_it_again(login, alice, programme):
    client = login(alice)
    token = client.post(import_url(programme), {"file": changed_workbook(programme)}).context[
        "token"
    ]
    response = client.post(import_url(programme), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programmes_programme_change", args=[programme.pk])
    assert first_activity(programme).status == ActivityStatus.DONE


def test_a_confirmed_file_cannot_be_confirmed_twice(login, alice, programme):
    client = login(alice)
    token = client.post(import_url(programme), {"file": changed_workbook(programme)}).context[
        "token"
    ]
    client.post(import_url(programme), {"token": token})
    response = client.post(import_url(programme), {"token": token})
    assert response.status_code == 400
    assert response.context["token_error"]


def test_another_users_token_is_refused(login, alice, programme, beni_ensar):
    token = (
        login(alice)
        .post(import_url(programme), {"file": changed_workbook(programme)})
        .context["token"]
    )
    dora = UserFactory(username="dora")
    RoleFactory(user=dora, member=beni_ensar, kind=RoleKind.FOCAL_POINT)
    response = login(dora).post(import_url(programme), {"token": token})
    assert response.status_code == 400
    # "This check was made by another user or for another programme.", in the Arabic admin.
    assert "أجرى هذا الفحص مستخدم آخر" in response.content.decode()
    assert first_activity(programme).status != ActivityStatus.DONE


def test_a_token_for_another_programme_is_refused(login, alice, programme, beni_ensar):
    other = make_programme(beni_ensar, first_year=2026, last_year=2027)
    client = login(alice)
    token = client.post(import_url(programme), {"file": changed_workbook(programme)}).context[
        "token"
    ]
    response = client.post(import_url(other), {"token": token})
    assert response.status_code == 400
    assert first_activity(programme).status != ActivityStatus.DONE


@pytest.mark.parametrize("token", ["", "not-a-token", "a:b:c"])
def test_an_unknown_token_gives_a_clear_error(login, alice, programme, token):
    response = login(alice).post(import_url(programme), {"token": token})
    assert response.status_code == 400
    assert response.context["token_error"]
    assert "errornote" in response.content.decode()


def test_an_expired_check_gives_a_clear_error(login, alice, programme):
    client = login(alice)
    with time_machine.travel("2026-03-01 10:00 +00:00", tick=False):
        token = client.post(import_url(programme), {"file": changed_workbook(programme)}).context[
            "token"
        ]
    with time_machine.travel("2026-03-01 11:01 +00:00", tick=False):
        response = client.post(import_url(programme), {"token": token})
    assert response.status_code == 400
    # "This check has expired: choose the file again to check it.", in the Arabic admin.
    assert "انتهت صلاحية هذا الفحص" in response.content.decode()
    assert first_activity(programme).status != ActivityStatus.DONE


def test_a_checked_file_forgotten_by_the_cache_gives_a_clear_error(login, alice, programme):
    client = login(alice)
    token = client.post(import_url(programme), {"file": changed_workbook(programme)}).context[
        "token"
    ]
    cache.clear()
    response = client.post(import_url(programme), {"token": token})
    assert response.status_code == 400
    assert first_activity(programme).status != ActivityStatus.DONE


def test_a_bad_row_is_located_and_offers_no_confirmation(login, alice, programme):
    upload = changed_workbook(programme, cells={("الأنشطة", "نسبة التقدم", 3): 150})
    response = login(alice).post(import_url(programme), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert [(p.sheet, p.row, p.column) for p in response.context["problems"]] == [
        ("activities", 3, "progress")
    ]
    assert "الأنشطة" in page and "نسبة التقدم" in page
    assert 'name="token"' not in page
    assert response.context["token"] is None


def test_a_file_for_another_period_is_refused_on_the_programmes_page(login, alice, programme):
    upload = changed_workbook(programme, cells={("البرنامج", "السنة الأخيرة", 2): 2026})
    response = login(alice).post(import_url(programme), {"file": upload})
    assert response.context["problems"][0].sheet == "programme"
    assert 'name="token"' not in response.content.decode()
    assert Programme.objects.count() == 1


def test_a_french_file_is_checked_and_confirmed(login, alice, programme):
    client = login(alice)
    upload = changed_workbook(programme, "fr", cells={("Activités", "Avancement", 2): 40})
    token = client.post(import_url(programme), {"file": upload}).context["token"]
    client.post(import_url(programme), {"token": token})
    assert first_activity(programme).progress == 40


def test_another_members_focal_point_cannot_open_the_programmes_import(login, bob, programme):
    client = login(bob)
    assert client.get(import_url(programme)).status_code == 404
    upload = changed_workbook(programme)
    assert client.post(import_url(programme), {"file": upload}).status_code == 404


def test_a_committee_member_cannot_open_the_programmes_import(login, charlie, programme):
    assert login(charlie).get(import_url(programme)).status_code == 404


def test_a_file_that_is_not_a_workbook_is_refused_without_a_500(login, alice, programme):
    upload = SimpleUploadedFile("programme.xlsx", b"not a zip")
    response = login(alice).post(import_url(programme), {"file": upload})
    assert response.status_code == 200
    assert response.context["problems"]


# --- the list page's import: check, then confirm ---------------------------------------------


def test_the_list_pages_check_is_confirmed_without_choosing_the_file_again(
    login, alice, beni_ensar
):
    client = login(alice)
    checked = client.post(
        IMPORT_URL, {"member": beni_ensar.pk, "file": workbook_upload(), "dry_run": "on"}
    )
    assert not Programme.objects.exists()
    response = client.post(IMPORT_URL, {"token": checked.context["token"], "member": beni_ensar.pk})
    assert response.status_code == 302
    programme = Programme.objects.get(member=beni_ensar)
    assert Activity.objects.filter(project__programme=programme).count() == 96


def test_the_list_pages_token_cannot_be_confirmed_for_another_member(
    login, alice, beni_ensar, larache
):
    client = login(alice)
    checked = client.post(
        IMPORT_URL, {"member": beni_ensar.pk, "file": workbook_upload(), "dry_run": "on"}
    )
    for member in (larache.pk, "x"):
        response = client.post(IMPORT_URL, {"token": checked.context["token"], "member": member})
        assert response.status_code == 400
    assert not Programme.objects.exists()


def test_a_new_check_replaces_the_previous_one(login, alice, programme):
    client = login(alice)
    first = client.post(import_url(programme), {"file": changed_workbook(programme)})
    client.post(import_url(programme), {"file": changed_workbook(programme)})
    response = client.post(import_url(programme), {"token": first.context["token"]})
    assert response.status_code == 400
    assert first_activity(programme).status != ActivityStatus.DONE
