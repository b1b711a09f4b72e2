import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def autocomplete(client, field_name, term=""):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": "network", "model_name": "member", "field_name": field_name, "term": term},
    )


def ids(response):
    return {int(result["id"]) for result in response.json()["results"]}


def test_staff_get_every_region_for_the_region_field(
    login, diana, oriental, tanger_region, beni_ensar
):
    response = autocomplete(login(diana), "region")
    assert ids(response) == {oriental.pk, tanger_region.pk}


def test_staff_get_every_member_for_the_parent_field(login, diana, beni_ensar, larache):
    assert len(ids(autocomplete(login(diana), "parent"))) == 4


def test_a_focal_point_does_not_get_other_members(login, alice, beni_ensar, larache):
    response = autocomplete(login(alice), "parent")
    assert larache.pk not in ids(response)
    assert ids(response) <= {beni_ensar.pk}


def test_a_focal_point_searching_another_member_gets_nothing(login, alice, beni_ensar, larache):
    assert ids(autocomplete(login(alice), "parent", "Larache")) == set()


def test_a_committee_member_does_not_get_other_regions(login, charlie, oriental, tanger_region):
    assert ids(autocomplete(login(charlie), "region")) == set()


def test_a_user_without_role_is_refused(login, beni_ensar):
    from tests.factories import UserFactory

    assert autocomplete(login(UserFactory(username="eve")), "parent").status_code == 403


def test_staff_search_a_member_by_its_arabic_name(login, diana, beni_ensar, larache):
    assert ids(autocomplete(login(diana), "parent", "العرائش")) == {larache.pk}
