"""The member admin, page by page, for each role: alice and bob are focal points (Beni Ensar,
Larache), charlie a committee member of Beni Ensar, diana network staff."""

import pytest
from django.urls import reverse

from network.models import Member

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:network_member_{name}", args=args)


def change_data(member, **fields):
    """A complete POST of the change form as a focal point sees it."""
    data = {
        "website": member.website,
        "email": member.email,
        "phone": member.phone,
        "green_number": member.green_number,
        "facebook_url": "",
        "x_url": "",
        "instagram_url": "",
        "youtube_url": "",
        "linkedin_url": "",
        "responsible_body_ar": "",
        "responsible_body_fr": "",
        "responsible_body_zgh": "",
        "focal_point_name": "",
        "focal_point_function_ar": "",
        "focal_point_function_fr": "",
        "focal_point_function_zgh": "",
        "focal_point_email": "",
        "focal_point_phone": "",
    }
    data.update(fields)
    return data


# Changelist


def test_a_focal_point_sees_only_its_member_in_the_changelist(login, alice, beni_ensar, larache):
    response = login(alice).get(url("changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [beni_ensar]


def test_a_committee_member_sees_only_its_member_in_the_changelist(
    login, charlie, beni_ensar, larache
):
    response = login(charlie).get(url("changelist"))
    assert list(response.context["cl"].queryset) == [beni_ensar]


def test_staff_see_every_member_in_the_changelist(login, diana, beni_ensar, larache):
    response = login(diana).get(url("changelist"))
    assert set(response.context["cl"].queryset) == set(Member.objects.all())


def test_a_staff_user_without_role_may_not_open_the_changelist(login, db):
    from tests.factories import UserFactory

    response = login(UserFactory(username="eve")).get(url("changelist"))
    assert response.status_code == 403


def test_the_changelist_filters_by_kind_and_region(login, diana, beni_ensar, larache, oriental):
    response = login(diana).get(
        url("changelist"), {"kind": "commune", "region__id__exact": oriental.pk}
    )
    assert list(response.context["cl"].queryset) == [beni_ensar]


def test_the_changelist_searches_arabic_and_french_names(login, diana, beni_ensar, larache):
    client = login(diana)
    assert list(client.get(url("changelist"), {"q": "Ensar"}).context["cl"].queryset) == [
        beni_ensar
    ]
    assert list(client.get(url("changelist"), {"q": "العرائش"}).context["cl"].queryset) == [larache]


# Change view


def test_a_focal_point_opens_its_own_member(login, alice, beni_ensar):
    response = login(alice).get(url("change", beni_ensar.pk))
    assert response.status_code == 200


def test_a_focal_point_may_change_its_contacts_and_focal_point(login, alice, beni_ensar):
    response = login(alice).post(
        url("change", beni_ensar.pk),
        change_data(
            beni_ensar,
            website="https://www.bninsar.ma",
            focal_point_name="مرزوق بوشربة",
            focal_point_email="commune.bninsar@gmail.com",
            publish_focal_point_email="on",
        ),
    )
    assert response.status_code == 302
    beni_ensar.refresh_from_db()
    assert beni_ensar.website == "https://www.bninsar.ma"
    assert beni_ensar.public_focal_point_email == "commune.bninsar@gmail.com"


def test_a_focal_point_may_not_change_identity_fields(login, alice, beni_ensar, larache):
    login(alice).post(
        url("change", beni_ensar.pk),
        change_data(
            beni_ensar,
            kind="region",
            slug="hacked",
            name_ar="مخترق",
            region=larache.region_id,
            joined_on="2020-01-01",
            is_active="",
        ),
    )
    beni_ensar.refresh_from_db()
    assert (beni_ensar.kind, beni_ensar.slug, beni_ensar.name_ar) == (
        "commune",
        "beni-ensar",
        "بني انصار",
    )
    assert beni_ensar.region.slug == "region-oriental"
    assert beni_ensar.is_active


def test_a_focal_point_sees_identity_fields_read_only(login, alice, beni_ensar):
    form = login(alice).get(url("change", beni_ensar.pk)).context["adminform"].form
    assert "website" in form.fields
    assert not {"kind", "slug", "name_ar", "region", "parent", "joined_on"} & set(form.fields)


def test_staff_may_change_identity_fields(login, diana, beni_ensar):
    form = login(diana).get(url("change", beni_ensar.pk)).context["adminform"].form
    assert {"kind", "slug", "name_ar", "name_fr", "region", "parent", "joined_on"} <= set(
        form.fields
    )


def test_a_focal_point_gets_404_on_another_members_change_page(login, bob, beni_ensar):
    response = login(bob).get(url("change", beni_ensar.pk))
    assert response.status_code == 404


def test_a_focal_point_cannot_change_another_member_with_a_crafted_post(login, bob, beni_ensar):
    response = login(bob).post(
        url("change", beni_ensar.pk), change_data(beni_ensar, website="https://evil.example")
    )
    assert response.status_code in (403, 404)
    beni_ensar.refresh_from_db()
    assert beni_ensar.website == ""


def test_a_committee_member_opens_its_member_read_only(login, charlie, beni_ensar):
    response = login(charlie).get(url("change", beni_ensar.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_a_committee_member_cannot_change_its_member(login, charlie, beni_ensar):
    response = login(charlie).post(
        url("change", beni_ensar.pk), change_data(beni_ensar, website="https://evil.example")
    )
    assert response.status_code == 403
    beni_ensar.refresh_from_db()
    assert beni_ensar.website == ""


def test_a_committee_member_gets_404_on_another_member(login, charlie, larache):
    assert login(charlie).get(url("change", larache.pk)).status_code == 404


def test_staff_may_change_any_member(login, diana, larache):
    assert login(diana).get(url("change", larache.pk)).status_code == 200


# Add view


def test_a_focal_point_may_not_add_a_member(login, alice, oriental):
    client = login(alice)
    assert client.get(url("add")).status_code == 403
    response = client.post(
        url("add"), {"kind": "commune", "slug": "new", "name_ar": "جديدة", "region": oriental.pk}
    )
    assert response.status_code == 403
    assert not Member.objects.filter(slug="new").exists()


def test_a_committee_member_may_not_add_a_member(login, charlie):
    assert login(charlie).get(url("add")).status_code == 403


def test_staff_may_add_a_member(login, diana, oriental):
    response = login(diana).post(
        url("add"),
        {
            "kind": "commune",
            "slug": "nador",
            "name_ar": "الناظور",
            "name_fr": "Nador",
            "region": oriental.pk,
            "joined_on": "2024-05-01",
            "is_active": "on",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Member.objects.get(slug="nador").region == oriental


def test_staff_adding_an_inconsistent_member_sees_the_hierarchy_error(login, diana, oriental):
    response = login(diana).post(
        url("add"),
        {
            "kind": "commune",
            "slug": "nador",
            "name_ar": "الناظور",
            "region": oriental.pk,
            "parent": oriental.pk,
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Member.objects.filter(slug="nador").exists()


# Delete view


def test_a_focal_point_may_not_delete_its_member(login, alice, beni_ensar):
    client = login(alice)
    assert client.get(url("delete", beni_ensar.pk)).status_code == 403
    assert client.post(url("delete", beni_ensar.pk), {"post": "yes"}).status_code == 403
    assert Member.objects.filter(pk=beni_ensar.pk).exists()


def test_a_focal_point_gets_404_deleting_another_member(login, bob, beni_ensar):
    assert login(bob).post(url("delete", beni_ensar.pk), {"post": "yes"}).status_code == 404
    assert Member.objects.filter(pk=beni_ensar.pk).exists()


def test_a_committee_member_may_not_delete_its_member(login, charlie, beni_ensar):
    assert login(charlie).post(url("delete", beni_ensar.pk), {"post": "yes"}).status_code == 403
    assert Member.objects.filter(pk=beni_ensar.pk).exists()


def test_staff_may_delete_a_member(login, diana, larache):
    response = login(diana).post(url("delete", larache.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=larache.pk).exists()


def action_names(response):
    form = response.context["action_form"]
    return [value for value, _ in form.fields["action"].choices] if form else []


def test_a_focal_point_is_not_offered_the_bulk_delete_action(login, alice, beni_ensar):
    assert "delete_selected" not in action_names(login(alice).get(url("changelist")))


def test_staff_are_offered_the_bulk_delete_action(login, diana, beni_ensar):
    assert "delete_selected" in action_names(login(diana).get(url("changelist")))


# History view


def test_a_focal_point_reads_the_history_of_its_member(login, alice, beni_ensar):
    assert login(alice).get(url("history", beni_ensar.pk)).status_code == 200


def test_a_focal_point_gets_404_on_another_members_history(login, bob, beni_ensar):
    assert login(bob).get(url("history", beni_ensar.pk)).status_code == 404


def test_a_committee_member_reads_the_history_of_its_member(login, charlie, beni_ensar):
    assert login(charlie).get(url("history", beni_ensar.pk)).status_code == 200


def test_a_committee_member_gets_404_on_another_members_history(login, charlie, larache):
    assert login(charlie).get(url("history", larache.pk)).status_code == 404


# Media: no CDN


def test_the_change_page_loads_no_external_script(login, diana, beni_ensar):
    response = login(diana).get(url("change", beni_ensar.pk))
    assert "//ajax.googleapis.com" not in response.text
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in response.text
    for attribute in ('src="http', 'src="//', 'href="//'):
        assert attribute not in response.text
