"""The tracking code by email and on the confirmation: a citizen who gives an address gets one
message, in the language of the page they used, once the contribution is stored; a mail server
that fails loses nothing; the confirmation says whether the code went by email and offers to
copy and print it; the address is never shown on a page nor written to the log."""

import logging
import runpy
import smtplib
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import translation

from consultations.models import Channel, Idea, Observation
from consultations.services import submit_idea

from ..programmes.helpers import make_member, make_programme, make_project
from .helpers import IDEA_DATA, make_station
from .test_submit import FIRST_DAY, idea_post, idea_url, observation_post, observation_url, on

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "ctouvertes" / "settings.py"
ADDRESS = "amina.citoyenne@example.ma"
FRENCH_NAME = "Commune de Beni Ensar"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient (its error's text holds the address)."""

    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, b"mailbox unavailable")})


class UnreachableBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member():
    member = make_member()
    member.name_fr = FRENCH_NAME
    member.save()
    return member


@pytest.fixture
def station(member):
    return make_station(make_programme(member))


@pytest.fixture
def project(member):
    programme = make_programme(member, 2026, 2027, title_ar="برنامج 2026-2027")
    make_station(programme, kind="draft_consultation", online_input="observations")
    return make_project(programme, 3, title_ar="حافلة مدرسية")


def in_language(language, msgid, **values):
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % values if values else text


def send_idea(client, station, language="ar", **fields):
    """Post the idea form from the page in ``language``; the message leaves at the commit."""
    with on(FIRST_DAY):
        return client.post(idea_url(station.programme.member, language), idea_post(**fields))


# The message -----------------------------------------------------------------------------------


def test_an_idea_with_an_email_sends_one_message_with_its_code_and_tracking_link(
    client, station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_idea(client, station, email=ADDRESS)
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS]
    assert idea.tracking_code in message.subject
    assert idea.tracking_code in message.body
    assert f"http://testserver/ar/ideas/{idea.tracking_code}/" in message.body
    assert idea.title in message.body
    assert "جماعة بني أنصار" in message.subject
    assert "جماعة بني أنصار" in message.body
    assert in_language("ar", "Tracking code") in message.body


def test_the_message_is_in_french_when_the_idea_was_sent_from_the_french_page(
    client, station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_idea(client, station, "fr", email=ADDRESS)
    idea = Idea.objects.get()
    message = mail.outbox[0]
    assert message.subject == in_language(
        "fr",
        "Your idea for %(name)s: tracking code %(code)s",
        name=FRENCH_NAME,
        code=idea.tracking_code,
    )
    assert f"{in_language('fr', 'Tracking code')}: {idea.tracking_code}" in message.body
    assert f"http://testserver/fr/ideas/{idea.tracking_code}/" in message.body
    assert FRENCH_NAME in message.body
    assert "جماعة بني أنصار" not in message.body


def test_the_message_has_an_html_alternative_in_the_pages_language_and_direction(
    client, station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_idea(client, station, "ar", email=ADDRESS)
    idea = Idea.objects.get()
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert f'href="http://testserver/ar/ideas/{idea.tracking_code}/"' in html
    assert 'translate="no"' in html and idea.tracking_code in html
    # The programme's period reads left to right inside the Arabic title.
    assert '<bdi dir="ltr">2024-2025</bdi>' in html


def test_an_observation_with_an_email_sends_its_tracking_code_with_the_project(
    client, project, django_capture_on_commit_callbacks
):
    with on(FIRST_DAY), django_capture_on_commit_callbacks(execute=True):
        response = client.post(observation_url(project, "fr"), observation_post(email=ADDRESS))
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS]
    assert message.subject == in_language(
        "fr",
        "Your observation for %(name)s: tracking code %(code)s",
        name=FRENCH_NAME,
        code=observation.tracking_code,
    )
    assert f"http://testserver/fr/ideas/{observation.tracking_code}/" in message.body
    assert f"{in_language('fr', 'Project %(number)s', number=3)}: حافلة مدرسية" in message.body


def test_without_an_email_no_message_is_sent(client, station, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send_idea(client, station)
    assert response.status_code == 302
    assert Idea.objects.count() == 1
    assert callbacks == []
    assert mail.outbox == []


def test_the_message_leaves_only_once_the_idea_is_committed(
    client, station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send_idea(client, station, email=ADDRESS)
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_refused_form_sends_nothing(client, station, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_idea(client, station, email=ADDRESS, title="")
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert mail.outbox == []


def test_an_idea_entered_by_a_focal_point_from_a_paper_form_sends_nothing(
    station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_idea(
            programme=station.programme,
            data={**IDEA_DATA, "email": ADDRESS},
            channel=Channel.PAPER,
        )
    assert Idea.objects.get().email == ADDRESS
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend")
def test_a_refused_message_is_logged_with_the_code_and_never_the_address(
    client, station, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = send_idea(client, station, email=ADDRESS)
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.email == ADDRESS
    assert idea.tracking_code in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    assert ADDRESS not in caplog.text


# The confirmation: the message leaves at the real commit, before the page is shown -------------

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@committed
def test_the_confirmation_says_the_code_was_sent_to_the_address_given(client, station):
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member, "fr"), idea_post(email=ADDRESS), follow=True
        )
    idea = Idea.objects.get()
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert idea.tracking_code in mail.outbox[0].body
    assert in_language("fr", "We sent this code to the address you gave.") in response.text
    assert ADDRESS not in response.text


@committed
@pytest.mark.parametrize("backend", ["RefusingBackend", "UnreachableBackend"])
def test_a_mail_server_that_fails_loses_nothing_and_the_confirmation_says_so(
    client, station, backend
):
    with override_settings(EMAIL_BACKEND=f"{__name__}.{backend}"), on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(email=ADDRESS))
        assert response.status_code == 302
        page = client.get(response["Location"])
    idea = Idea.objects.get()
    assert (idea.email, idea.title) == (ADDRESS, idea_post()["title"])
    assert page.status_code == 200
    assert idea.tracking_code in page.text
    assert (
        in_language(
            "ar", "We could not send this code to the address you gave: note it or print this page."
        )
        in page.text
    )
    assert in_language("ar", "We sent this code to the address you gave.") not in page.text
    assert ADDRESS not in page.text


@committed
def test_the_confirmation_without_an_email_asks_to_note_the_code(client, station):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(), follow=True)
    assert mail.outbox == []
    assert (
        in_language(
            "ar",
            "You gave no email address: this code is not sent to you, note it or print this page.",
        )
        in response.text
    )


@committed
def test_the_confirmation_is_shown_once_and_never_to_another_browser(
    client, django_user_model, station
):
    from django.test import Client

    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(email=ADDRESS))
        tracking_url = response["Location"]
        first = client.get(tracking_url)
        again = client.get(tracking_url)
        other = Client().get(tracking_url)
    sent = in_language("ar", "We sent this code to the address you gave.")
    assert sent in first.text
    assert sent not in again.text
    assert sent not in other.text
    assert all(page.status_code == 200 for page in (first, again, other))


@committed
def test_the_observation_confirmation_says_the_code_was_sent(client, project):
    with on(FIRST_DAY):
        response = client.post(
            observation_url(project), observation_post(email=ADDRESS), follow=True
        )
    assert len(mail.outbox) == 1
    assert in_language("ar", "We sent this code to the address you gave.") in response.text


# The tracking page's code: copy, print, never the address ------------------------------------


def test_the_tracking_page_offers_to_copy_and_print_the_code_once_javascript_runs(client, station):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member, "fr"), idea_post(), follow=True)
    idea = Idea.objects.get()
    text = response.text
    # Buttons hidden until js/tracking_code.js shows them; without it, a hint to note the code.
    assert '<div class="tracking-code-actions" data-code-actions hidden>' in text
    assert 'data-copy-code="tracking-code"' in text
    assert "data-print-page" in text
    assert in_language("fr", "Copy the code") in text
    assert in_language("fr", "Print") in text
    hint = in_language(
        "fr", "<strong>Note this code</strong> or print this page with your browser."
    )
    assert f"<noscript><p>{hint}</p></noscript>" in text
    assert 'src="/static/js/tracking_code.js" defer' in text
    assert 'href="/static/css/tracking-print.css" media="print"' in text
    assert "onclick" not in text and "<script>" not in text
    # The printed slip carries the page's address.
    assert f"http://testserver/fr/ideas/{idea.tracking_code}/" in text


def test_the_public_tracking_page_never_shows_the_email(client, station):
    with on(FIRST_DAY):
        client.post(idea_url(station.programme.member), idea_post(email=ADDRESS))
    idea = Idea.objects.get()
    for language in ("ar", "fr", "zgh"):
        with on(FIRST_DAY):
            page = client.get(f"/{language}/ideas/{idea.tracking_code}/")
        assert page.status_code == 200
        assert ADDRESS not in page.text
        assert "amina.citoyenne" not in page.text


# Settings ------------------------------------------------------------------------------------


def read_settings(monkeypatch, **environment):
    """The portal's settings module run afresh with ``environment`` (django.conf untouched)."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_the_smtp_server_is_used_only_when_email_host_is_set(monkeypatch):
    configured = read_settings(
        monkeypatch,
        EMAIL_HOST="smtp.example.ma",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="portail",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="portail@example.ma",
    )
    assert configured["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert [
        configured[name]
        for name in (
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS",
            "DEFAULT_FROM_EMAIL",
        )
    ] == ["smtp.example.ma", 587, "portail", "secret", True, "portail@example.ma"]


def test_empty_email_variables_mean_the_console_and_the_defaults(monkeypatch):
    """docker-compose.yml passes ${EMAIL_HOST:-} and the like: empty when .env does not set
    them."""
    empty = read_settings(
        monkeypatch, EMAIL_HOST="", EMAIL_PORT="", EMAIL_USE_TLS="", DEFAULT_FROM_EMAIL=""
    )
    assert empty["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (empty["EMAIL_PORT"], empty["EMAIL_USE_TLS"], empty["DEFAULT_FROM_EMAIL"]) == (
        25,
        False,
        "webmaster@localhost",
    )
