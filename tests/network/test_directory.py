import pytest
from django.urls import reverse
from django.utils import translation

from network.models import MemberKind
from tests.factories import CommuneFactory, ProvinceFactory, RegionFactory

pytestmark = pytest.mark.django_db


def directory(client, language="ar", **params):
    with translation.override(language):
        return client.get(reverse("network:member_list"), params)


def listed(response):
    return [member.slug for member in response.context["page"].object_list]


def test_it_lists_members_in_the_network(client, beni_ensar, larache):
    assert {"beni-ensar", "larache"} <= set(listed(directory(client)))


def test_it_does_not_list_an_inactive_member(client, beni_ensar):
    beni_ensar.is_active = False
    beni_ensar.save()
    assert "beni-ensar" not in listed(directory(client))


def test_it_does_not_list_a_collectivity_that_has_not_joined(client, oriental):
    CommuneFactory(slug="nador", region=oriental, joined_on=None)
    assert "nador" not in listed(directory(client))


def test_it_links_each_result_to_the_member_page(client, beni_ensar):
    response = directory(client)
    assert 'href="/ar/members/beni-ensar/"' in response.text


def test_it_shows_the_number_of_results(client, beni_ensar, larache):
    response = directory(client, "fr", kind="commune")
    assert "2 members" in response.text or "2 membres" in response.text
    assert response.context["page"].paginator.count == 2


def test_it_filters_by_region(client, beni_ensar, larache):
    assert listed(directory(client, region="region-oriental")) == ["region-oriental", "beni-ensar"]


def test_an_unknown_region_filters_nothing(client, beni_ensar, larache):
    assert len(listed(directory(client, region="nowhere"))) == 4


def test_it_filters_by_kind(client, beni_ensar, larache):
    assert listed(directory(client, kind="region")) == [
        "region-oriental",
        "region-tanger-tetouan-al-hoceima",
    ]


def test_the_province_filter_includes_prefectures(client, oriental):
    ProvinceFactory(slug="province-nador", region=oriental)
    ProvinceFactory(slug="prefecture-oujda", region=oriental, kind=MemberKind.PREFECTURE)
    assert set(listed(directory(client, kind="province"))) == {
        "province-nador",
        "prefecture-oujda",
    }


def test_it_combines_region_and_kind(client, beni_ensar, larache):
    assert listed(directory(client, region="region-oriental", kind="commune")) == ["beni-ensar"]


def test_it_finds_a_member_by_a_french_fragment_in_any_case(client, beni_ensar, larache):
    assert listed(directory(client, q="ENSAR")) == ["beni-ensar"]


def test_it_finds_a_member_by_its_french_name_under_arabic(client, beni_ensar, larache):
    assert listed(directory(client, "ar", q="larache")) == ["larache"]


def test_it_finds_a_member_by_an_arabic_fragment(client, beni_ensar, larache):
    assert listed(directory(client, "fr", q="انصار")) == ["beni-ensar"]


def test_an_arabic_search_ignores_hamza_on_alif(client, beni_ensar, larache):
    assert listed(directory(client, q="بني أنصار")) == ["beni-ensar"]


def test_a_search_without_match_says_so(client, beni_ensar):
    response = directory(client, "fr", q="zzz")
    assert listed(response) == []
    assert response.context["page"].paginator.count == 0


def test_it_works_without_javascript_through_a_get_form(client, beni_ensar):
    response = directory(client)
    assert 'method="get"' in response.text
    assert "<script" not in response.text


def test_it_lists_regions_first_then_communes_by_name(client, oriental):
    CommuneFactory(slug="b", name_fr="Berkane", region=oriental)
    CommuneFactory(slug="a", name_fr="Ahfir", region=oriental)
    assert listed(directory(client, "fr")) == ["region-oriental", "a", "b"]


def test_its_query_count_does_not_grow_with_the_members(client, django_assert_num_queries):
    def make(count):
        region = RegionFactory()
        for _ in range(count):
            CommuneFactory(region=region, parent=ProvinceFactory(region=region))

    make(3)
    with django_assert_num_queries(3):
        directory(client)
    make(27)
    with django_assert_num_queries(3):
        directory(client)
