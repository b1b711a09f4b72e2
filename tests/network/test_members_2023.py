"""The shipped member list of 2023 (network/data/members_2023.csv, from the member table of the
press kit)."""

import csv

import pytest

from network.models import Member, MemberKind
from network.services import MEMBERS_2023_FILE, import_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_2023(db):
    import_members(MEMBERS_2023_FILE)


def rows():
    with open(MEMBERS_2023_FILE, encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_file_has_66_rows_12_regions_4_provinces_50_communes():
    kinds = [row["kind"] for row in rows()]
    assert len(kinds) == 66
    assert (kinds.count("region"), kinds.count("province"), kinds.count("commune")) == (12, 4, 50)


def test_it_loads_66_members(members_2023):
    assert Member.objects.in_network().count() == 66
    assert Member.objects.filter(kind=MemberKind.REGION).count() == 12
    assert Member.objects.filter(kind=MemberKind.PROVINCE).count() == 4
    assert Member.objects.filter(kind=MemberKind.COMMUNE).count() == 50


def test_every_member_joined_on_the_creation_day_in_the_first_cohort(members_2023):
    assert set(Member.objects.values_list("joined_on", "cohort")) == {
        (Member.objects.first().joined_on, 1)
    }
    assert Member.objects.first().joined_on.isoformat() == "2022-10-21"


def test_the_slugs_other_issues_rely_on_exist(members_2023):
    slugs = set(Member.objects.values_list("slug", flat=True))
    assert {"beni-ensar", "larache", "rabat", "sale", "zagora", "province-zagora"} <= slugs
    assert "region-rabat-sale-kenitra" in slugs


def test_al_hoceima_is_in_tanger_tetouan_al_hoceima_despite_the_misaligned_label(members_2023):
    member = Member.objects.get(slug="al-hoceima")
    assert member.region.slug == "region-tanger-tetouan-al-hoceima"
    assert "انزاح عن موضعه" in member.source_note


def test_the_region_missing_from_the_extraction_is_added_with_a_note(members_2023):
    region = Member.objects.get(slug="region-guelmim-oued-noun")
    assert region.name_ar == "كلميم-واد نون"
    assert "12 جهة" in region.source_note
    assert set(region.region_members.values_list("slug", flat=True)) == {"sidi-ifni", "guelmim"}


def test_the_four_member_communes_have_their_member_province_as_parent(members_2023):
    for slug in ("zagora", "sefrou", "taroudant", "tiznit"):
        commune = Member.objects.get(slug=slug)
        assert commune.parent.slug == f"province-{slug}"
        assert commune.parent.region_id == commune.region_id


def test_no_other_commune_has_a_parent(members_2023):
    with_parent = Member.objects.filter(kind=MemberKind.COMMUNE, parent__isnull=False)
    assert set(with_parent.values_list("slug", flat=True)) == {
        "zagora",
        "sefrou",
        "taroudant",
        "tiznit",
    }


def test_printed_spellings_are_kept_and_flagged(members_2023):
    khouribga = Member.objects.get(slug="khouribga")
    assert khouribga.name_ar == "خريكة"
    assert "خريبكة" in khouribga.source_note
    assert Member.objects.get(slug="ben-guerir").name_ar == "ابن جرير"


def test_every_region_has_members_and_every_commune_a_region(members_2023):
    assert not Member.objects.exclude(kind=MemberKind.REGION).filter(region__isnull=True).exists()
    for region in Member.objects.filter(kind=MemberKind.REGION):
        assert region.region_members.exists(), region.slug


def test_every_member_has_a_tamazight_name():
    assert all(row["name_zgh"] for row in rows())


def test_every_slug_is_ascii():
    assert all(row["slug"].isascii() for row in rows())


def test_loading_it_twice_changes_nothing(members_2023):
    summary = import_members(MEMBERS_2023_FILE)
    assert (summary.new, summary.updated, summary.skipped) == (0, 0, 66)
    assert Member.objects.count() == 66
