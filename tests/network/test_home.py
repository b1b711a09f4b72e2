import pytest
from django.urls import reverse
from django.utils import translation

from network.models import CharterItem, CharterSection, Principle
from tests.factories import CommuneFactory, ProvinceFactory, RegionFactory

pytestmark = pytest.mark.django_db


def home(client, language="ar"):
    with translation.override(language):
        return client.get(reverse("network:home"))


def test_it_shows_the_four_principles_in_arabic(client):
    response = home(client)
    for name in ("الشفافية والمساءلة", "الولوج إلى المعلومة", "المشاركة المواطنة", "الرقمنة"):
        assert name in response.text


def test_it_shows_the_principles_in_french_under_fr(client):
    response = home(client, "fr")
    assert "Accès à l&#x27;information" in response.text
    assert "الولوج إلى المعلومة" not in response.text


def test_it_shows_the_three_expected_results(client):
    response = home(client)
    assert "تحسين جودة خدمات وبرامج الجماعة الترابية" in response.text
    assert "تعزيز الثقة بين المواطن والجماعة الترابية" in response.text
    assert "جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول" in response.text


def test_it_shows_the_charter_values_and_commitments(client):
    response = home(client)
    assert "تبادل المعارف والممارسات الجيدة حول مبادئ الانفتاح" in response.text
    assert "المساهمة في إشعاع الجماعات الترابية المغربية" in response.text


def test_it_shows_what_staff_wrote_in_the_admin(client):
    principle = Principle.objects.get(code="digitalisation")
    principle.name_ar = "الرقمنة والتحول الرقمي"
    principle.save()
    assert "الرقمنة والتحول الرقمي" in home(client).text


def test_a_charter_item_without_french_falls_back_to_arabic_under_fr(client):
    CharterItem.objects.create(section=CharterSection.VALUE, text_ar="قيمة جديدة", position=9)
    assert "قيمة جديدة" in home(client, "fr").text


def test_it_counts_members_by_kind(client):
    region = RegionFactory()
    ProvinceFactory(region=region)
    CommuneFactory(region=region)
    CommuneFactory(region=region)
    figures = home(client).context["figures"]["by_kind"]
    assert figures == {"total": 4, "regions": 1, "provincial": 1, "communes": 2}


def test_it_does_not_count_members_that_have_not_joined(client):
    region = RegionFactory()
    CommuneFactory(region=region, joined_on=None)
    CommuneFactory(region=region, is_active=False)
    assert home(client).context["figures"]["by_kind"]["total"] == 1


def test_it_counts_members_by_region_including_the_region_itself(client):
    oriental, souss = RegionFactory(), RegionFactory()
    CommuneFactory(region=oriental)
    CommuneFactory(region=oriental)
    by_region = {r.pk: r.member_count for r in home(client).context["figures"]["by_region"]}
    assert by_region == {oriental.pk: 3, souss.pk: 1}


def test_its_query_count_does_not_grow_with_the_members(client, django_assert_num_queries):
    def make(count):
        for _ in range(count):
            CommuneFactory(region=RegionFactory())

    # 5 for the network's content and figures, 5 for the participation figures.
    make(2)
    with django_assert_num_queries(10):
        home(client)
    make(20)
    with django_assert_num_queries(10):
        home(client)
