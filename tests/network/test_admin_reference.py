"""Admin pages only network staff use: principles, expected results, charter, roles, users."""

import pytest
from django.urls import reverse

from network.models import CharterItem, Principle, Role, RoleKind

pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(f"admin:network_{model}_{name}", args=args)


@pytest.fixture
def transparency(db):
    return Principle.objects.get(code="transparency")


@pytest.mark.parametrize("model", ["principle", "expectedresult", "charteritem", "role"])
def test_staff_open_the_changelist(login, diana, model):
    assert login(diana).get(url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", ["principle", "expectedresult", "charteritem", "role"])
def test_a_focal_point_may_not_open_the_changelist(login, alice, model):
    assert login(alice).get(url(model, "changelist")).status_code == 403


@pytest.mark.parametrize("model", ["principle", "expectedresult", "charteritem", "role"])
def test_a_committee_member_may_not_open_the_changelist(login, charlie, model):
    assert login(charlie).get(url(model, "changelist")).status_code == 403


def test_staff_change_a_principle_but_not_its_code(login, diana, transparency):
    response = login(diana).post(
        url("principle", "change", transparency.pk),
        {
            "code": "hacked",
            "name_ar": "الشفافية والمساءلة",
            "name_fr": "Transparence et reddition des comptes",
            "description_ar": "",
            "description_fr": "",
            "description_zgh": "",
            "name_zgh": "",
            "position": 1,
        },
    )
    assert response.status_code == 302
    transparency.refresh_from_db()
    assert transparency.code == "transparency"
    assert transparency.name_fr == "Transparence et reddition des comptes"


def test_a_focal_point_cannot_change_a_principle(login, alice, transparency):
    response = login(alice).post(
        url("principle", "change", transparency.pk), {"name_ar": "مخترق", "position": 1}
    )
    assert response.status_code == 403
    transparency.refresh_from_db()
    assert transparency.name_ar == "الشفافية والمساءلة"


def test_nobody_adds_or_deletes_a_principle(login, diana, transparency):
    client = login(diana)
    assert client.get(url("principle", "add")).status_code == 403
    assert (
        client.post(url("principle", "delete", transparency.pk), {"post": "yes"}).status_code == 403
    )
    assert Principle.objects.filter(code="transparency").exists()


def test_staff_add_a_charter_item(login, diana):
    response = login(diana).post(
        url("charteritem", "add"),
        {"section": "value", "text_ar": "قيمة", "text_fr": "", "text_zgh": "", "position": 5},
    )
    assert response.status_code == 302
    assert CharterItem.objects.filter(text_ar="قيمة").exists()


def test_a_focal_point_cannot_add_a_charter_item(login, alice):
    response = login(alice).post(
        url("charteritem", "add"), {"section": "value", "text_ar": "قيمة", "position": 5}
    )
    assert response.status_code == 403
    assert not CharterItem.objects.filter(text_ar="قيمة").exists()


def test_staff_give_a_role(login, diana, bob, beni_ensar):
    response = login(diana).post(
        url("role", "add"), {"user": bob.pk, "member": beni_ensar.pk, "kind": "committee_member"}
    )
    assert response.status_code == 302
    assert Role.objects.filter(user=bob, member=beni_ensar, kind="committee_member").exists()


def test_a_focal_point_cannot_give_itself_a_role(login, alice, larache):
    response = login(alice).post(
        url("role", "add"), {"user": alice.pk, "member": larache.pk, "kind": "focal_point"}
    )
    assert response.status_code == 403
    assert not Role.objects.filter(user=alice, member=larache).exists()


def test_a_staff_role_with_a_member_is_refused(login, diana, bob, beni_ensar):
    response = login(diana).post(
        url("role", "add"), {"user": bob.pk, "member": beni_ensar.pk, "kind": "network_staff"}
    )
    assert response.status_code == 200
    assert not Role.objects.filter(user=bob, kind=RoleKind.NETWORK_STAFF).exists()


def test_the_user_admin_shows_the_roles_inline_to_a_superuser(login, alice):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    response = login(root).get(reverse("admin:auth_user_change", args=[alice.pk]))
    assert response.status_code == 200
    assert any(
        formset.formset.prefix == "portal_roles"
        for formset in response.context["inline_admin_formsets"]
    )


def test_a_focal_point_may_not_open_the_user_admin(login, alice, bob):
    response = login(alice).get(reverse("admin:auth_user_change", args=[bob.pk]))
    assert response.status_code == 403


def test_the_admin_index_shows_a_focal_point_only_the_members(login, alice):
    response = login(alice).get(reverse("admin:index"))
    models = {
        model["object_name"]
        for app in response.context["app_list"]
        if app["app_label"] == "network"
        for model in app["models"]
    }
    assert models == {"Member"}
