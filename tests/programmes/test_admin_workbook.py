from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Activity, Programme
from programmes.services import import_programme_workbook

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
    assert response["Content-Disposition"] == 'attachment; filename="beni-ensar-2024-2025.xlsx"'


def test_another_members_focal_point_cannot_export_the_workbook(login, bob, beni_ensar):
    with open(BENI_ENSAR, "rb") as handle:
        programme = import_programme_workbook(handle, member=beni_ensar).programme
    url = reverse("programme_file:export", args=[programme.pk])
    assert login(bob).get(url).status_code == 404
