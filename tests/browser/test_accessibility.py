"""axe-core on every public page, in Arabic, French and Tamazight: no violation of impact
"serious" or "critical" (the minor and moderate ones are listed in the test's output)."""

import pytest

from consultations.models import Idea

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def public_pages():
    """(name, path after /<lang>) of every kind of public page, on the demo data."""
    code = (
        Idea.objects.filter(programme__member__slug="beni-ensar", fate="accepted")
        .order_by("tracking_code")
        .values_list("tracking_code", flat=True)
        .first()
    )
    programme = "/members/beni-ensar/programmes/2024-2025/"
    return [
        ("home", "/"),
        ("directory", "/members/"),
        ("member", "/members/beni-ensar/"),
        ("programme", programme),
        ("project", f"{programme}projects/1/"),
        ("ideas", "/members/beni-ensar/ideas/"),
        ("idea-form", "/members/tetouan/ideas/new/"),
        ("observation-form", "/members/tetouan/programmes/2026-2027/projects/1/observations/"),
        ("tracking-lookup", "/ideas/"),
        ("tracking", f"/ideas/{code}/"),
        ("committee", "/members/larache/committee/"),
        ("not-found", "/members/no-such-member/"),
    ]


def report(found):
    lines = []
    for page, violation in found:
        lines.append(f"{page}: {violation['impact']} {violation['id']} — {violation['help']}")
        lines += [f"    {node['target']}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["ar", "fr", "zgh"])
def test_public_pages_have_no_serious_accessibility_violation(
    new_page, site, axe, step, shot, lang
):
    page = new_page(DESKTOP)
    blocking, other = [], []
    for name, path in public_pages():
        with step(f"{lang} {name}"):
            response = page.goto(site.url(f"/{lang}{path}"))
            assert response.status == (404 if name == "not-found" else 200), path
            for violation in axe(page):
                found = blocking if violation["impact"] in BLOCKING else other
                found.append((name, violation))
    if other:
        print(f"\naxe, {lang}, minor and moderate:\n{report(other)}")
    assert not blocking, f"axe, {lang}:\n{report(blocking)}"


def test_the_check_itself_finds_an_image_without_alternative_text(new_page, site, axe):
    page = new_page(DESKTOP)
    page.goto(site.url("/fr/"))
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {violation["id"] for violation in axe(page)}
