import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from network import selectors
from tests.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def page(client, member, language="ar"):
    with translation.override(language):
        return client.get(reverse("network:member_detail", args=[member.slug]))


def test_it_shows_the_identity_of_the_member(client, beni_ensar):
    response = page(client, beni_ensar, "fr")
    assert response.status_code == 200
    assert "بني انصار" in response.text
    assert "Beni Ensar" in response.text
    assert "L&#x27;Oriental" in response.text


def test_it_formats_the_joining_date_in_the_active_language(client, beni_ensar):
    beni_ensar.joined_on = datetime.date(2022, 10, 21)
    beni_ensar.save()
    assert "21 octobre 2022" in page(client, beni_ensar, "fr").text


def test_it_links_to_the_parent_province(client, oriental):
    province = ProvinceFactory(slug="province-nador", region=oriental)
    commune = CommuneFactory(slug="c", region=oriental, parent=province)
    assert 'href="/ar/members/province-nador/"' in page(client, commune).text


def test_it_shows_the_focal_point_name_and_function(client, beni_ensar):
    beni_ensar.focal_point_name = "مرزوق بوشربة"
    beni_ensar.focal_point_function_ar = "رئيس مصلحة التواصل والعلاقات العامة"
    beni_ensar.save()
    response = page(client, beni_ensar)
    assert "مرزوق بوشربة" in response.text
    assert "رئيس مصلحة التواصل والعلاقات العامة" in response.text


def test_it_hides_the_focal_point_contacts_the_member_did_not_publish(client, beni_ensar):
    beni_ensar.focal_point_name = "مرزوق بوشربة"
    beni_ensar.focal_point_email = "focal@example.org"
    beni_ensar.focal_point_phone = "+212 600 000 000"
    beni_ensar.save()
    response = page(client, beni_ensar)
    assert "focal@example.org" not in response.text
    assert "600 000 000" not in response.text


def test_it_shows_the_focal_point_contacts_the_member_published(client, beni_ensar):
    beni_ensar.focal_point_name = "مرزوق بوشربة"
    beni_ensar.focal_point_email = "focal@example.org"
    beni_ensar.publish_focal_point_email = True
    beni_ensar.focal_point_phone = "+212 600 000 000"
    beni_ensar.publish_focal_point_phone = True
    beni_ensar.save()
    response = page(client, beni_ensar)
    assert "mailto:focal@example.org" in response.text
    assert "tel:+212 600 000 000" in response.text


def test_it_publishes_the_email_without_the_phone_when_only_the_email_is_chosen(client, beni_ensar):
    beni_ensar.focal_point_name = "مرزوق بوشربة"
    beni_ensar.focal_point_email = "focal@example.org"
    beni_ensar.publish_focal_point_email = True
    beni_ensar.focal_point_phone = "+212 600 000 000"
    beni_ensar.save()
    response = page(client, beni_ensar)
    assert "focal@example.org" in response.text
    assert "600 000 000" not in response.text


def test_it_shows_the_website_social_links_and_responsible_body(client, beni_ensar):
    beni_ensar.website = "https://www.bninsar.ma"
    beni_ensar.facebook_url = "https://www.facebook.com/bninsar"
    beni_ensar.responsible_body_ar = "جماعة بني انصار"
    beni_ensar.save()
    response = page(client, beni_ensar)
    assert 'href="https://www.bninsar.ma"' in response.text
    assert 'href="https://www.facebook.com/bninsar"' in response.text
    assert "جماعة بني انصار" in response.text


def test_it_counts_zero_projects_and_leaves_out_unknown_ideas(client, beni_ensar):
    """Without a programme: 0 projects and 0 axes are counted; the ideas are not known (no
    station, no idea), so the page leaves the counter out instead of writing 0."""
    counts = page(client, beni_ensar).context["count_by_key"]
    assert (counts["projects"], counts["axes"]) == (0, 0)
    assert counts["ideas"].value is None


def test_it_shows_the_counts_an_app_registered(client, beni_ensar):
    def three_projects(member):
        return 3

    selectors.register_public_count("projects", three_projects)
    try:
        counts = page(client, beni_ensar).context["count_by_key"]
    finally:
        selectors.unregister_public_count("projects", three_projects)
    assert counts["projects"] == 3


def test_it_answers_404_for_an_unknown_slug(client, db):
    with translation.override("ar"):
        response = client.get(reverse("network:member_detail", args=["nowhere"]))
    assert response.status_code == 404


def test_it_answers_404_for_an_inactive_member(client, beni_ensar):
    beni_ensar.is_active = False
    beni_ensar.save()
    assert page(client, beni_ensar).status_code == 404


def test_it_answers_404_for_a_collectivity_that_has_not_joined(client, oriental):
    nador = CommuneFactory(slug="nador", region=oriental, joined_on=None)
    assert page(client, nador).status_code == 404
