"""Periods and codes read left to right on every public page, in Arabic, French and Tamazight:
the browser draws "2024" left of "2025" and "09" left of "08" ("Law 09-08"), wherever the two
halves stand on one line — in the portal's own sentences, in isolated periods and in what
members typed (a title "… 2025/2024" copied from a right-to-left page, a reason "… برنامج
الانفتاح 2024-2025" given for an idea's fate).

Each page is read as the browser drew it: a DOM ``Range`` over each half gives its box
(tests/browser/bidi_helpers.py). The demo data and the live server come from
tests/browser/conftest.py."""

import pytest

from consultations.models import Idea

from .bidi_helpers import VISUAL_PAIRS, misordered
from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

LANGUAGES = ("ar", "fr", "zgh")


def tracking_code():
    """The tracking code of a published idea whose fate's reason names the period."""
    ideas = Idea.objects.exclude(tracking_code="").order_by("pk")
    idea = ideas.filter(fate_reason_ar__contains="2024-2025").first() or ideas.first()
    return idea.tracking_code


def public_pages():
    """(name, path after /<lang>) of the public pages that show the demo period."""
    programme = "/members/beni-ensar/programmes/2024-2025/"
    return [
        ("home", "/"),
        ("directory", "/members/"),
        ("member", "/members/beni-ensar/"),
        ("programme", programme),
        ("project", f"{programme}projects/1/"),
        ("ideas", "/members/larache/ideas/"),
        ("idea form", "/members/tetouan/ideas/new/"),
        ("tracking lookup", "/ideas/"),
        ("tracking", f"/ideas/{tracking_code()}/"),
        ("committee", "/members/larache/committee/"),
        ("larache programme", "/members/larache/programmes/2024-2025/"),
    ]


def read_pages(page, site, lang):
    """``{page name: pairs}`` for every public page in ``lang``."""
    pairs = {}
    for name, path in public_pages():
        response = page.goto(site.url(f"/{lang}{path}"))
        assert response.status == 200, f"{lang}{path}: {response.status}"
        pairs[name] = page.evaluate(VISUAL_PAIRS)
    return pairs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_period_and_law_number_reads_left_to_right(new_page, site, step, lang):
    page = new_page(DESKTOP)
    with step(f"{lang} public pages"):
        pairs = read_pages(page, site, lang)

    wrong = {name: misordered(found) for name, found in pairs.items() if misordered(found)}

    assert wrong == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pages_do_show_the_period(new_page, site, lang):
    """The test above is not empty: the period is on the member, programme and project pages
    and on the tracking page (the fate's reason), the law number in the idea form's
    personal-data notice."""
    page = new_page(DESKTOP)
    pairs = read_pages(page, site, lang)

    for name in ("programme", "project", "member", "tracking"):
        assert any(pair["kind"] == "period" for pair in pairs[name]), name
    assert any(pair["kind"] == "law" for pair in pairs["idea form"])


def test_the_members_title_typed_2025_2024_shows_2024_first_on_a_phone(new_page, site):
    """The Beni Ensar title ends with "2025/2024" as copied from its right-to-left document;
    on a narrow Arabic page it sits beside the period "2024-2025" in the same order."""
    page = new_page(PHONE)
    page.goto(site.url("/ar/members/beni-ensar/programmes/2024-2025/"))
    pairs = page.evaluate(VISUAL_PAIRS)
    title = [pair for pair in pairs if "2024/2025" in pair["text"] or "2025/2024" in pair["text"]]

    assert title
    assert misordered(pairs) == []
    assert all(pair["text"] == "2024/2025" for pair in title)
