"""Members' names in Tifinagh: the shipped list and the data migration fill them, the Tamazight
pages show them in their own language, and the directory finds them (with or without the
emphatic letters)."""

import csv
import re
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from network.models import Member, normalize_tifinagh
from network.services import MEMBERS_2023_FILE, import_members
from tests.factories import CommuneFactory, ProvinceFactory, RegionFactory

from ..test_security_headers import open_day, portal, public_pages  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

migration = import_module("network.migrations.0007_member_names_in_tifinagh")

BENI_ENSAR = "ⴱⵏⵉ ⴰⵏⵚⴰⵕ"
# IRCAM's Tifinagh letters (U+2D30–U+2D7F), and the space and hyphen between words.
TIFINAGH_NAME = re.compile("[\u2d30-\u2d7f]+(?:[ -][\u2d30-\u2d7f]+)*")


def rows():
    with open(MEMBERS_2023_FILE, encoding="utf-8") as file:
        return list(csv.DictReader(file))


def fill_names():
    migration.fill_empty_tamazight_names(apps, None)


def directory(client, language, text):
    with translation.override(language):
        return client.get(reverse("network:member_list"), {"q": text})


def listed(response):
    return [member.slug for member in response.context["page"].object_list]


# The shipped list and the data migration -----------------------------------------------------


def test_every_member_of_the_list_has_a_name_in_tifinagh_letters_only():
    for row in rows():
        assert TIFINAGH_NAME.fullmatch(row["name_zgh"]), row["slug"]


def test_the_migration_gives_the_same_names_as_the_list():
    assert migration.TAMAZIGHT_NAMES == {row["slug"]: row["name_zgh"] for row in rows()}


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        ("beni-ensar", BENI_ENSAR),
        ("larache", "ⵍⵄⵕⴰⵢⵛ"),
        ("settat", "ⵙⵟⵟⴰⵜ"),
        ("region-fes-meknes", "ⴼⴰⵙ-ⵎⴽⵏⴰⵙ"),
    ],
)
def test_the_list_names_the_members_of_the_seeds_letterheads(slug, name):
    import_members(MEMBERS_2023_FILE)
    assert Member.objects.get(slug=slug).name_zgh == name


def test_the_migration_fills_an_empty_tamazight_name(beni_ensar, larache):
    Member.objects.filter(pk=larache.pk).update(name_zgh=None)
    fill_names()
    beni_ensar.refresh_from_db()
    larache.refresh_from_db()
    assert beni_ensar.name_zgh == BENI_ENSAR
    assert larache.name_zgh == "ⵍⵄⵕⴰⵢⵛ"


def test_the_migration_keeps_a_tamazight_name_someone_entered(beni_ensar):
    beni_ensar.name_zgh = "ⴰⵢⵜ ⵏⵚⴰⵕ"
    beni_ensar.save()
    fill_names()
    beni_ensar.refresh_from_db()
    assert beni_ensar.name_zgh == "ⴰⵢⵜ ⵏⵚⴰⵕ"


def test_the_migration_leaves_other_members_alone(oriental):
    nador = CommuneFactory(slug="nador", region=oriental)
    fill_names()
    nador.refresh_from_db()
    assert not nador.name_zgh


# Tamazight pages -----------------------------------------------------------------------------


class NameLanguageFinder(HTMLParser):
    """The ``lang`` in force around each text node holding ``name`` (outside <title>)."""

    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.open_elements = []  # (tag, language in force inside it)
        self.languages = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "link", "meta", "hr", "source", "wbr"}:
            return
        lang = dict(attrs).get("lang")
        inherited = self.open_elements[-1][1] if self.open_elements else ""
        self.open_elements.append((tag, inherited if lang is None else lang))

    def handle_endtag(self, tag):
        for index in range(len(self.open_elements) - 1, -1, -1):
            if self.open_elements[index][0] == tag:
                del self.open_elements[index:]
                return

    def handle_data(self, data):
        if self.name in data and all(tag != "title" for tag, _ in self.open_elements):
            self.languages.append(self.open_elements[-1][1])


def languages_around(html, name):
    finder = NameLanguageFinder(name)
    finder.feed(html)
    finder.close()
    return finder.languages


def test_the_tamazight_directory_shows_the_tifinagh_name_not_marked_arabic(client, beni_ensar):
    fill_names()
    response = directory(client, "zgh", "")
    assert languages_around(response.content.decode(), BENI_ENSAR) == ["zgh"]


def test_the_tamazight_directory_falls_back_to_arabic_marked_as_such(client, beni_ensar):
    response = directory(client, "zgh", "")
    assert languages_around(response.content.decode(), "بني انصار") == ["ar"]


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("home", "ⴰⴳⵎⵓⴹ"),  # the regions' table: L'Oriental
        ("directory", BENI_ENSAR),
        ("member", BENI_ENSAR),
        ("programme", BENI_ENSAR),
        ("idea form", BENI_ENSAR),
    ],
)
def test_every_tamazight_page_shows_the_name_in_tifinagh_in_its_own_language(
    client,
    portal,  # noqa: F811 (the fixture imported above)
    page,
    name,
):
    fill_names()
    cache.clear()
    response = client.get(public_pages(portal, "zgh")[page])
    assert response.status_code == 200
    languages = languages_around(response.content.decode(), name)
    assert languages, f"{name} is not on the page"
    assert all(not language.startswith("ar") for language in languages), languages


# Search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr", "zgh"])
def test_a_search_in_tifinagh_finds_the_member_on_every_page_language(
    client, beni_ensar, larache, language
):
    fill_names()
    assert listed(directory(client, language, "ⴰⵏⵚⴰⵕ")) == ["beni-ensar"]


@pytest.mark.parametrize("text", ["ⴰⵏⵙⴰⵔ", "ⴱⵏⵉ ⴰⵏⵙⴰⵔ", "ⵍⵄⵔⴰⵢⵛ"])
def test_a_search_without_the_emphatic_letters_still_finds_the_member(
    client, beni_ensar, larache, text
):
    fill_names()
    expected = "larache" if "ⵍⵄ" in text else "beni-ensar"
    assert listed(directory(client, "zgh", text)) == [expected]


def test_a_search_with_a_labialised_letter_finds_the_plain_spelling(client, beni_ensar):
    beni_ensar.name_zgh = "ⴰⴳⴰⴷⵉⵔ"
    beni_ensar.save()
    assert listed(directory(client, "zgh", "ⴰⴳⵯⴰⴷⵉⵔ")) == ["beni-ensar"]
    assert listed(directory(client, "zgh", "ⴰⴳ\u200dⴰⴷⵉⵔ")) == ["beni-ensar"]


def test_a_name_stored_with_a_labialisation_mark_is_found_without_it(client, beni_ensar):
    beni_ensar.name_zgh = "ⵜⴰⴳⵯⵎⵎⴰ"
    beni_ensar.save()
    assert listed(directory(client, "zgh", "ⵜⴰⴳⵎⵎⴰ")) == ["beni-ensar"]


def test_a_search_of_a_mark_alone_does_not_list_every_member(client, beni_ensar, larache):
    fill_names()
    assert listed(directory(client, "zgh", "\u2d6f")) == []


def test_a_tifinagh_search_does_not_find_another_member(client, beni_ensar, larache):
    fill_names()
    assert listed(directory(client, "zgh", "ⴰⴳⴰⴷⵉⵔ")) == []


def test_folding_turns_emphatic_letters_into_plain_ones():
    assert normalize_tifinagh("ⵚⵕⵟⴹⵥ ⴳⵯ ⴽⵯ\u2d7f\u200d") == "ⵙⵔⵜⴷⵣ ⴳ ⴽ"


def test_the_directory_search_costs_the_same_queries_whatever_the_members(
    client, django_assert_num_queries
):
    def make(count):
        region = RegionFactory(name_zgh="ⵜⴰⵎⵏⴰⴹⵜ")
        for number in range(count):
            CommuneFactory(
                region=region,
                parent=ProvinceFactory(region=region),
                name_zgh=f"ⵜⴰⵎⵙⵎⵓⵏⵜ {'ⵏ' * (number + 1)}",
            )

    make(3)
    with django_assert_num_queries(3):
        assert directory(client, "zgh", "ⵜⴰⵎⵙⵎⵓⵏⵜ").status_code == 200
    make(27)
    with django_assert_num_queries(3):
        assert directory(client, "zgh", "ⵜⴰⵎⵙⵎⵓⵏⵜ").status_code == 200
