"""The portal's own error pages (404, 403, a failed CSRF check, 400, 500), with DEBUG off.

Each page is in the language of the URL's prefix, with that language's direction, the portal's
links (home, the member directory, the tracking-code look-up) and markup the
Content-Security-Policy lets through. The 500 page renders without the request and without the
database (ctouvertes/views.py). Titles are compared with the catalogues: "Page not found" and
"Server error" are translated in Arabic and French (Django's admin catalogue and the portal's).

This module is also the URLconf of the tests marked ``@pytest.mark.urls(__name__)``: the
portal's URLs plus views that fail on purpose.
"""

from unittest import mock

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path
from django.utils import translation

from consultations.models import Idea
from ctouvertes.urls import handler500  # noqa: F401  (the URLconf of the failing views)
from ctouvertes.urls import urlpatterns as portal_urlpatterns

from .consultations.helpers import IDEA_DATA
from .test_security_headers import inspect, policy_directives, url

pytestmark = pytest.mark.django_db

FAILING_URLCONF = __name__
HTML_TAGS = {
    "ar": '<html lang="ar" dir="rtl">',
    "fr": '<html lang="fr" dir="ltr">',
    "zgh": '<html lang="zgh" dir="ltr">',
}


def crash(request):
    raise RuntimeError("A bug in a view")


def refuse(request):
    raise PermissionDenied("Not yours")


def reject(request):
    raise BadRequest("Malformed")


urlpatterns = [
    path("crash/", crash),  # outside the language prefixes
    *portal_urlpatterns,
    *i18n_patterns(
        path("crash/", crash),
        path("refuse/", refuse),
        path("reject/", reject),
        prefix_default_language=True,
    ),
]


@pytest.fixture(autouse=True)
def production_errors():
    """DEBUG off (Django's technical error pages are off), and no cached page."""
    cache.clear()
    with override_settings(DEBUG=False):
        yield
    cache.clear()


@pytest.fixture
def failing_client(client):
    """A client that receives the 500 page instead of the view's exception."""
    client.raise_request_exception = False
    return client


def translated(message, language):
    with translation.override(language):
        return translation.gettext(message)


def assert_error_page(response, status, language, title):
    """The status, the language and direction, the title, the portal's links, no inline code,
    the security headers; returns the page's HTML."""
    assert response.status_code == status
    html = response.content.decode()
    assert HTML_TAGS[language] in html
    assert f"<title>{translated(title, language)} — " in html
    assert f"<h1>{translated(title, language)}</h1>" in html
    for name in ("network:home", "network:member_list", "consultations:tracking_lookup"):
        assert f'href="{url(name, language)}"' in html, name
    assert inspect(html).refused == []
    directives = policy_directives(response)
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    return html


def assert_no_english_error_text(html):
    lowered = html.lower()
    for english in ("not found", "server error", "forbidden", "bad request", "csrf verification"):
        assert english not in lowered, english


# 404 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr", "zgh"])
def test_a_missing_page_answers_the_portal_404_in_the_language_of_the_address(client, language):
    response = client.get(f"/{language}/nothing-here/")

    assert_error_page(response, 404, language, "Page not found")


def test_the_arabic_404_is_in_arabic_from_right_to_left(client):
    html = assert_error_page(client.get("/ar/nothing-here/"), 404, "ar", "Page not found")

    assert "<title>تعذر العثور على الصفحة — " in html
    assert '<a href="/ar/">الرئيسية</a>' in html
    assert_no_english_error_text(html)


def test_the_french_404_is_in_french(client):
    html = assert_error_page(client.get("/fr/nothing-here/"), 404, "fr", "Page not found")

    assert "<h1>Page non trouvée</h1>" in html
    assert '<a href="/fr/members/">' in html


def test_a_view_that_finds_nothing_answers_the_same_page_without_its_message(client):
    response = client.get("/fr/members/no-such-member/")

    html = assert_error_page(response, 404, "fr", "Page not found")
    assert "No Member matches" not in html


def test_the_404_page_makes_no_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ar/nothing-here/")

    assert response.status_code == 404


# 403 and a failed CSRF check -------------------------------------------------------------------


@pytest.mark.urls(FAILING_URLCONF)
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_refused_action_answers_the_portal_403(client, language):
    response = client.get(f"/{language}/refuse/")

    html = assert_error_page(response, 403, language, "Access denied")
    assert "Not yours" not in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_form_sent_without_its_security_token_explains_what_to_do(
    beni_ensar, language, django_assert_num_queries
):
    csrf_client = Client(enforce_csrf_checks=True)
    idea_form = url("consultations:idea_new", language, slug=beni_ensar.slug)

    with django_assert_num_queries(0):
        response = csrf_client.post(idea_form, IDEA_DATA)

    html = assert_error_page(response, 403, language, "Your form could not be sent")
    back_button = translated(
        "Use your browser's back button: it usually keeps what you typed. Copy your text.", language
    )
    assert back_button in html
    assert Idea.objects.count() == 0
    if language == "ar":
        assert '<a href="/ar/">الرئيسية</a>' in html
        assert "CSRF verification failed" not in html and "Forbidden" not in html


# 400 --------------------------------------------------------------------------------------------


@pytest.mark.urls(FAILING_URLCONF)
def test_a_malformed_request_answers_the_portal_400(client):
    html = assert_error_page(client.get("/ar/reject/"), 400, "ar", "Bad request")

    assert "Malformed" not in html


def test_an_unknown_host_answers_the_portal_400_in_the_language_of_the_address(client):
    response = client.get("/fr/", HTTP_HOST="portal.example.invalid")

    assert_error_page(response, 400, "fr", "Bad request")


# 500 --------------------------------------------------------------------------------------------


@pytest.mark.urls(FAILING_URLCONF)
@pytest.mark.parametrize(
    "address, language",
    [("/ar/crash/", "ar"), ("/fr/crash/", "fr"), ("/zgh/crash/", "zgh"), ("/crash/", "ar")],
)
def test_a_crash_answers_the_portal_500_in_the_language_of_the_address(
    failing_client, address, language
):
    response = failing_client.get(address)

    html = assert_error_page(response, 500, language, "Server error")
    assert "A bug in a view" not in html and "Traceback" not in html


@pytest.mark.urls(FAILING_URLCONF)
def test_the_arabic_500_is_in_arabic_and_makes_no_database_query(
    failing_client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = failing_client.get("/ar/crash/")

    html = assert_error_page(response, 500, "ar", "Server error")
    assert "<h1>خطأ في المزود</h1>" in html
    assert_no_english_error_text(html)


@pytest.mark.urls(FAILING_URLCONF)
def test_the_french_500_is_in_french(failing_client):
    html = assert_error_page(failing_client.get("/fr/crash/"), 500, "fr", "Server error")

    assert "<h1>Erreur du serveur</h1>" in html


def test_with_the_database_down_a_page_answers_the_500_page_not_a_traceback(failing_client):
    down = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(connection, "cursor", side_effect=down) as cursor:
        response = failing_client.get("/ar/")

    assert cursor.called  # the home page did ask the database
    html = assert_error_page(response, 500, "ar", "Server error")
    assert "Connection refused" not in html and "Traceback" not in html
    assert_no_english_error_text(html)


@pytest.mark.urls(FAILING_URLCONF)
def test_when_the_500_template_itself_fails_a_short_page_in_the_language_remains(failing_client):
    broken = ValueError("Missing staticfiles manifest entry for 'css/portal.css'")
    with mock.patch("ctouvertes.views.loader.render_to_string", side_effect=broken):
        response = failing_client.get("/fr/crash/")

    assert response.status_code == 500
    html = response.content.decode()
    assert HTML_TAGS["fr"] in html
    assert "<title>Erreur du serveur</title>" in html
    assert "manifest" not in html
    assert inspect(html).refused == []
