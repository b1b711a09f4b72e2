"""After a refused idea or observation, the citizen recovers: the page title says there is an
error, an error summary at the top of the form links to each field in error, each field's
message is tied to its input, a script moves focus to the summary, and keyboard focus is
visible (issue 11)."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from consultations.models import Idea, Observation, StationKind

from ..programmes.helpers import make_member, make_programme, make_project
from .helpers import make_station
from .test_submit import FIRST_DAY, idea_post, idea_url, observation_post, observation_url, on

pytestmark = pytest.mark.django_db

STATIC_DIR = Path(settings.BASE_DIR) / "static"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def station():
    return make_station(make_programme(make_member()))


def translated(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def error_prefix(language, count=1):
    with translation.override(language):
        return translation.ngettext("Error:", "Error (%(count)s errors):", count) % {"count": count}


def in_field_message(language, label, message):
    """A link of the error summary: the field's label and its message."""
    with translation.override(language):
        return translation.gettext("%(label)s — %(message)s") % {
            "label": translation.gettext(label),
            "message": translation.gettext(message),
        }


def page_title(response):
    return unescape(re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)).strip()


def error_summary(response):
    opening = r'<div class="error-summary" role="alert" tabindex="-1" id="error-summary"[^>]*>'
    match = re.search(rf"{opening}(.*?)</div>", response.text, re.S)
    return match.group(1) if match else None


def tag_of(response, element_id):
    """The opening tag of the element with this id."""
    return re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', response.text).group(0)


def element_text(response, element_id):
    match = re.search(rf'<([a-z]+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', response.text, re.S)
    return unescape(re.sub(r"<[^>]+>", "", match.group(2)))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_idea_without_a_title_comes_back_with_an_error_title_and_summary(
    client, station, language
):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member, language), idea_post(title=""))
    assert response.status_code == 200
    assert Idea.objects.count() == 0
    page_name = translated(language, "Submit your idea")
    assert page_title(response).startswith(f"{error_prefix(language)} {page_name}")
    summary = error_summary(response)
    assert summary is not None
    assert translated(language, "There is a problem") in summary
    # Each link names its field: two "This field is required." are told apart.
    link = in_field_message(language, "Title of your idea", "This field is required.")
    assert f'<a href="#id_title">{link}</a>' in summary
    # The summary comes before the first field, so it is read first without JavaScript.
    assert response.text.index('id="error-summary"') < response.text.index('name="axis"')


def test_the_title_input_is_marked_invalid_and_described_by_its_message(client, station):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member, "fr"), idea_post(title=""))
    title_input = tag_of(response, "id_title")
    assert 'aria-invalid="true"' in title_input
    described_by = re.search(r'aria-describedby="([^"]+)"', title_input).group(1).split()
    messages = " ".join(element_text(response, element_id) for element_id in described_by)
    assert translated("fr", "This field is required.") in messages
    # A field without error is neither marked nor described by a message.
    assert "aria-invalid" not in tag_of(response, "id_body")


def test_two_errors_are_counted_in_the_title_and_a_radio_group_links_to_its_first_choice(
    client, station
):
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member, "fr"), idea_post(title="", submitter_kind="")
        )
    assert page_title(response).startswith(error_prefix("fr", count=2))
    summary = error_summary(response)
    assert 'href="#id_title"' in summary
    assert 'href="#id_submitter_kind_0"' in summary
    assert 'id="id_submitter_kind_0"' in response.text


def test_a_message_that_belongs_to_no_field_is_listed_without_a_link(client, station):
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member, "fr"), idea_post(website="http://spam.example")
        )
    assert response.status_code == 200
    summary = error_summary(response)
    robot_message = translated(
        "fr",
        "Your message looked as if it was sent automatically and was not stored. "
        "Check it and send it again.",
    )
    assert f"<li>{unescape(robot_message)}</li>" in unescape(summary)
    assert "<a " not in summary
    assert page_title(response).startswith(error_prefix("fr"))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_form_page_before_any_submit_has_no_summary_nor_error_prefix(client, station, language):
    with on(FIRST_DAY):
        response = client.get(idea_url(station.programme.member, language))
    assert response.status_code == 200
    assert 'id="error-summary"' not in response.text
    assert page_title(response).startswith(translated(language, "Submit your idea"))
    assert not page_title(response).startswith(error_prefix(language))
    assert 'aria-invalid="true"' not in response.text


@override_settings(IDEA_RATE_LIMIT_PER_SESSION=(1, 3600))
def test_a_refused_sending_because_of_the_limit_has_the_error_title_and_summary(client, station):
    url = idea_url(station.programme.member, "fr")
    with on(FIRST_DAY):
        first = client.post(url, idea_post())
        second = client.post(url, idea_post(title="Une deuxième idée"))
    assert first.status_code == 302
    assert second.status_code == 429
    assert page_title(second).startswith(error_prefix("fr"))
    assert translated("fr", "You have sent several messages in a short time.") in error_summary(
        second
    )
    assert Idea.objects.count() == 1


def test_an_observation_without_text_links_to_its_textarea(client):
    programme = make_programme(make_member())
    project = make_project(programme, 1)
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    with on(FIRST_DAY):
        response = client.post(observation_url(project, "fr"), observation_post(body=""))
    assert response.status_code == 200
    assert Observation.objects.count() == 0
    assert page_title(response).startswith(
        f"{error_prefix('fr')} {translated('fr', 'Your observation')}"
    )
    assert 'href="#id_body"' in error_summary(response)
    assert 'aria-invalid="true"' in tag_of(response, "id_body")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_form_pages_load_the_focus_script_deferred(client, station, language):
    with on(FIRST_DAY):
        response = client.get(idea_url(station.programme.member, language))
    script = re.search(r'<script src="([^"]*error_summary\.js)"([^>]*)>', response.text)
    assert script is not None
    assert "defer" in script.group(2)
    assert (STATIC_DIR / "js" / "error_summary.js").is_file()
    assert "error-summary" in (STATIC_DIR / "js" / "error_summary.js").read_text()


def test_the_stylesheet_shows_keyboard_focus():
    css = (STATIC_DIR / "css" / "portal.css").read_text()
    rule = re.search(r"(?m)^:focus-visible\s*\{([^}]*)\}", css)
    assert rule is not None
    assert re.search(r"outline:\s*3px solid #ffbf47", rule.group(1))
    assert "outline-offset: 2px" in rule.group(1)
