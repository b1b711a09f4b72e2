"""Journey 3: a member of Beni Ensar's follow-up committee, in the admin at 1280×900, accepts an
idea into a project, rejects one with a public reason, is told the reason is missing when it
rejects one without (a field error, not a server error), then downloads the booklet.

Selectors are field names and URLs: the decision form's layout may change around them.
"""

import pytest

from consultations.models import Channel, Fate, Idea, Moderation, SubmitterKind
from programmes.models import Programme

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

PROGRAMME = "/members/beni-ensar/programmes/2024-2025/"


@pytest.fixture(scope="module")
def ideas(site, django_db_blocker):
    """Three published ideas under study, committed before the tests' transactions begin (the
    demo decided all of Beni Ensar's)."""
    with django_db_blocker.unblock():
        programme = Programme.objects.get(member__slug="beni-ensar", first_year=2024)
        created = []
        for title in ["Bancs au jardin public", "Piscine olympique", "Téléphérique"]:
            idea = Idea(
                programme=programme,
                channel=Channel.ONLINE,
                title=title,
                body=f"{title} : une idée du parcours de test du comité.",
                submitter_kind=SubmitterKind.CITIZEN,
                moderation=Moderation.PUBLISHED,
            )
            idea.full_clean()
            idea.save()
            created.append(idea)
        return created


def open_decision(page, site, idea):
    page.goto(site.url(f"/fr/admin/consultations/idea/{idea.pk}/change/"))
    assert page.locator("[name=fate]").count() == 1


def fill_reason(page, text):
    """The public reason, in Arabic (the language a reason needs), opening its tab if hidden."""
    field = page.locator("[name=fate_reason_ar]")
    if not field.is_visible():
        page.click("a[href='#tab_id_fate_reason_ar']")
    field.fill(text)


def choose_a_project(page):
    """The first project the idea may become: the admin's autocomplete, or a plain select or
    checkboxes if the decision form has them."""
    autocomplete = page.locator(".field-projects .select2-selection")
    if autocomplete.count() and autocomplete.is_visible():
        autocomplete.click()
        page.locator(".select2-results__option[role=option]").first.click()
        return
    checkbox = page.locator("input[name=projects]")
    if checkbox.count():
        checkbox.first.check()
        return
    page.locator("select[name=projects]").select_option(index=0)


def save(page):
    with page.expect_navigation():
        page.click("#content-main [name=_continue], #content-main [name=_save] >> nth=0")


def test_a_committee_member_decides_ideas_and_downloads_the_booklet(
    new_page, site, log_in, step, shot, ideas
):
    accepted, rejected, unexplained = ideas
    page = new_page(DESKTOP)
    with step("log in"):
        log_in(page, "committee-beni-ensar")

    with step("accept an idea into a project"):
        open_decision(page, site, accepted)
        page.select_option("[name=fate]", Fate.ACCEPTED)
        choose_a_project(page)
        page.locator("[name=fate]").scroll_into_view_if_needed()
        shot(page, "01-accept", docs="admin-committee-decision")
        save(page)
        accepted.refresh_from_db()
        assert accepted.fate == Fate.ACCEPTED
        assert accepted.projects.count() == 1

    with step("reject an idea with a reason"):
        open_decision(page, site, rejected)
        page.select_option("[name=fate]", Fate.REJECTED)
        fill_reason(page, "هذا المشروع يتجاوز ميزانية البرنامج.")
        save(page)
        rejected.refresh_from_db()
        assert rejected.fate == Fate.REJECTED
        assert rejected.fate_reason_ar == "هذا المشروع يتجاوز ميزانية البرنامج."

    with step("reject an idea without a reason"):
        open_decision(page, site, unexplained)
        page.select_option("[name=fate]", Fate.REJECTED)
        with page.expect_navigation():
            page.click("#content-main [name=_continue]")
        assert page.locator(".errornote").count() == 1
        errors = page.locator(".errorlist").all_inner_texts()
        assert errors, "no field error"
        assert "500" not in page.title()
        page.locator(".errorlist").first.scroll_into_view_if_needed()
        shot(page, "02-reason-missing", docs="admin-committee-reason-missing")
        unexplained.refresh_from_db()
        assert unexplained.fate == Fate.UNDER_STUDY

    with step("download the booklet"):
        page.goto(site.url(f"/fr{PROGRAMME}"))
        href = page.locator("a[href$='booklet.pdf']").first.get_attribute("href")
        booklet = page.request.get(site.url(href), timeout=120_000)  # WeasyPrint: 10-30 s
        assert booklet.status == 200
        assert booklet.headers["content-type"] == "application/pdf"
        assert len(booklet.body()) > 10_000
