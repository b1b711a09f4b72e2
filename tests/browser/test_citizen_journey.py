"""Journey 1: a citizen on a phone finds a member's programme and sends an idea.

Directory → Beni Ensar (its programme, a project) → directory → Tétouan (an open idea station in
the demo) → idea form → tracking page with the code, in Arabic, French and Tamazight: once
without JavaScript, once with the keyboard only (Tab, arrows, typing, Enter; no click), which
also sends the form empty first: focus lands on the error summary and the title says "Error".
"""

import re
import time

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from consultations.models import Idea

from .conftest import PHONE

pytestmark = pytest.mark.browser

LANGUAGES = ["ar", "fr", "zgh"]
PROGRAMME = "/members/beni-ensar/programmes/2024-2025/"


def error_prefix(lang, count):
    with translation.override(lang):
        return ngettext("Error:", "Error (%(count)s errors):", count) % {"count": count}


def follow(page, href, *, keyboard):
    """Opens the link to ``href``: a click, or Tab until the link has focus, then Enter."""
    if keyboard:
        tab_to(page, f'a[href="{href}"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.click(f'a[href="{href}"] >> nth=0')
    assert page.url.endswith(href), page.url


def tab_to(page, selector, limit=400):
    """Presses Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def fill_idea(page, title, *, keyboard):
    body = "Des bancs et de l'ombre près de l'arrêt de bus, pour les personnes âgées."
    if keyboard:
        tab_to(page, "#id_title")
        page.keyboard.type(title)
        tab_to(page, "#id_body")
        page.keyboard.type(body)
        tab_to(page, "input[name=submitter_kind]")
        page.keyboard.press("Space")  # the first choice: a citizen
        assert page.is_checked("#id_submitter_kind_0")
    else:
        page.fill("#id_title", title)
        page.fill("#id_body", body)
        page.check("#id_submitter_kind_0")


def submit(page, *, keyboard):
    with page.expect_navigation():
        if keyboard:
            tab_to(page, ".contribution-form button[type=submit]")
            page.keyboard.press("Enter")
        else:
            page.click(".contribution-form button[type=submit]")


def walk_to_the_idea_form(page, site, step, shot, lang, *, keyboard, mode):
    with step(f"{lang} directory"):
        page.goto(site.url(f"/{lang}/members/"))
        shot(page, f"{lang}-01-directory")
    with step(f"{lang} member"):
        follow(page, f"/{lang}/members/beni-ensar/", keyboard=keyboard)
        shot(page, f"{lang}-02-member")
    with step(f"{lang} programme"):
        follow(page, f"/{lang}{PROGRAMME}", keyboard=keyboard)
        assert page.locator("h1").count() == 1
        shot(page, f"{lang}-03-programme", docs=f"phone-{lang}-programme" if not keyboard else None)
    with step(f"{lang} project"):
        follow(page, f"/{lang}{PROGRAMME}projects/1/", keyboard=keyboard)
        shot(page, f"{lang}-04-project")
    with step(f"{lang} directory search"):
        follow(page, f"/{lang}/members/", keyboard=keyboard)
        if keyboard:
            tab_to(page, "#id_q")
            page.keyboard.type("tetouan")
        else:
            page.fill("#id_q", "tetouan")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    with step(f"{lang} member with an open station"):
        follow(page, f"/{lang}/members/tetouan/", keyboard=keyboard)
    with step(f"{lang} idea form"):
        follow(page, f"/{lang}/members/tetouan/ideas/new/", keyboard=keyboard)
        served_at = time.monotonic()
        assert page.locator("form.contribution-form").count() == 1
        shot(page, f"{lang}-05-idea-form")
    return served_at


def assert_tracking_page(page, lang, title):
    match = re.search(rf"/{lang}/ideas/([^/]+)/$", page.url)
    assert match, page.url
    code = match.group(1)
    idea = Idea.objects.get(tracking_code=code)
    assert idea.title == title
    assert idea.programme.member.slug == "tetouan"
    assert code in page.inner_text("main")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citizen_without_javascript_sends_an_idea_and_gets_its_code(
    new_page, site, step, shot, wait_for_form_age, lang
):
    page = new_page(PHONE, javascript=False)
    served_at = walk_to_the_idea_form(page, site, step, shot, lang, keyboard=False, mode="nojs")
    title = f"Bancs à l'arrêt de bus ({lang}, sans JavaScript)"
    with step(f"{lang} fill and send"):
        fill_idea(page, title, keyboard=False)
        wait_for_form_age(served_at)
        submit(page, keyboard=False)
    with step(f"{lang} tracking page"):
        assert_tracking_page(page, lang, title)
        shot(page, f"{lang}-06-tracking", docs=f"phone-{lang}-idea-confirmation")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citizen_with_the_keyboard_only_corrects_an_empty_form_and_sends_an_idea(
    new_page, site, step, shot, wait_for_form_age, lang
):
    page = new_page(PHONE)
    served_at = walk_to_the_idea_form(page, site, step, shot, lang, keyboard=True, mode="keys")
    with step(f"{lang} empty form refused"):
        normal_title = page.title()
        wait_for_form_age(served_at)
        submit(page, keyboard=True)
        page.wait_for_function("() => document.activeElement?.id === 'error-summary'")
        errors = page.locator("#error-summary li").count()
        assert errors >= 3  # title, text, who you are
        assert page.title().startswith(error_prefix(lang, errors)), page.title()
        assert page.title().endswith(normal_title)
        shot(page, f"{lang}-06-error-summary")
        assert not Idea.objects.filter(title="").exists()
    title = f"Bancs à l'arrêt de bus ({lang}, au clavier)"
    with step(f"{lang} fill and send with the keyboard"):
        fill_idea(page, title, keyboard=True)
        submit(page, keyboard=True)
    with step(f"{lang} tracking page"):
        assert_tracking_page(page, lang, title)
        shot(page, f"{lang}-07-tracking")
