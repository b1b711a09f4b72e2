import io

import pytest
from django.urls import reverse

from network.models import Member
from network.resources import COLUMNS

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:network_member_import")
PROCESS_URL = reverse("admin:network_member_process_import")
EXPORT_URL = reverse("admin:network_member_export")

CSV = (
    "kind,slug,name_ar,name_fr,region,parent,joined_on,cohort\n"
    "region,region-souss-massa,سوس-ماسة,Souss-Massa,,,2022-10-21,1\n"
    "commune,agadir,أكادير,Agadir,region-souss-massa,,2022-10-21,1\n"
)
BAD_CSV = CSV + "commune,tiznit,تيزنيت,Tiznit,region-souss-massa,region-souss-massa,2022-10-21,1\n"


def upload(client, content):
    file = io.BytesIO(content.encode("utf-8"))
    file.name = "members.csv"
    return client.post(IMPORT_URL, {"resource": 0, "format": 0, "import_file": file})


def export_csv(client):
    columns = {f"memberresource_{column}": "on" for column in COLUMNS}
    return client.post(EXPORT_URL, {"resource": 0, "format": 0, **columns})


def test_staff_preview_then_confirm_an_import(login, diana):
    client = login(diana)
    preview = upload(client, CSV)
    assert preview.status_code == 200
    assert not Member.objects.filter(slug="agadir").exists()
    confirm_form = preview.context["confirm_form"]
    response = client.post(PROCESS_URL, {**confirm_form.initial})
    assert response.status_code == 302
    assert Member.objects.get(slug="agadir").region.slug == "region-souss-massa"


def test_the_preview_reports_an_invalid_row_and_offers_no_confirmation(login, diana):
    response = upload(login(diana), BAD_CSV)
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert response.context.get("confirm_form") is None
    assert not Member.objects.filter(slug__in=["agadir", "tiznit"]).exists()


def test_a_focal_point_may_not_open_the_import_page(login, alice):
    assert login(alice).get(IMPORT_URL).status_code == 403


def test_a_focal_point_may_not_post_an_import(login, alice):
    assert upload(login(alice), CSV).status_code == 403
    assert not Member.objects.filter(slug="agadir").exists()


def test_a_committee_member_may_not_import(login, charlie):
    assert upload(login(charlie), CSV).status_code == 403


def test_the_import_button_is_shown_to_staff_only(login, alice, diana):
    changelist = reverse("admin:network_member_changelist")
    assert IMPORT_URL in login(diana).get(changelist).text
    assert IMPORT_URL not in login(alice).get(changelist).text


def test_staff_export_every_member(login, diana, beni_ensar, larache):
    response = export_csv(login(diana))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "beni-ensar" in text and "larache" in text
    assert text.splitlines()[0].startswith("kind,slug,name_ar,name_fr,name_zgh,region,parent")


def test_a_focal_points_export_holds_only_its_member(login, alice, beni_ensar, larache):
    response = export_csv(login(alice))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "beni-ensar" in text
    assert "larache" not in text


def test_a_user_without_role_may_not_export(login, beni_ensar):
    from tests.factories import UserFactory

    response = export_csv(login(UserFactory(username="eve")))
    assert response.status_code == 403
