"""Tracking codes cannot be enumerated: the look-up form and the tracking pages count, per
address, every code asked for, found or not; the 31st in ten minutes answers 429 with a page
saying when to try again (TRACKING_LOOKUP_RATE_LIMIT). Fixtures: tests/consultations/conftest.py.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LIMIT = 30


@pytest.fixture(autouse=True)
def fresh_limits_on_a_fixed_day():
    cache.clear()
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC), tick=False):
        yield
    cache.clear()


def lookup_url():
    with translation.override("ar"):
        return reverse("consultations:tracking_lookup")


def page_url(code):
    with translation.override("ar"):
        return reverse("consultations:idea_tracking", kwargs={"code": code})


def wrong_code(number):
    return f"ZZ{number:06d}"


def retry_sentence(minutes, language="ar"):
    with translation.override(language):
        return translation.ngettext(
            "Try again in %(minutes)s minute.", "Try again in %(minutes)s minutes.", minutes
        ) % {"minutes": minutes}


def test_the_31st_wrong_code_in_ten_minutes_is_refused_with_when_to_try_again(client, idea_a):
    statuses = [client.get(lookup_url(), {"code": wrong_code(n)}).status_code for n in range(LIMIT)]
    refused = client.get(lookup_url(), {"code": idea_a.tracking_code})
    assert statuses == [404] * LIMIT
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert retry_sentence(10) in refused.text
    with translation.override("ar"):
        assert (
            translation.gettext("You have looked up several tracking codes in a short time.")
            in refused.text
        )
    # The code typed is kept in the form.
    assert f'value="{idea_a.tracking_code}"' in refused.text
    assert idea_a.title not in refused.text


def test_right_codes_count_too_and_the_tracking_page_is_refused_as_well(client, idea_a):
    statuses = [client.get(page_url(idea_a.tracking_code)).status_code for _ in range(LIMIT)]
    refused = client.get(page_url(idea_a.tracking_code))
    assert statuses == [200] * LIMIT
    assert refused.status_code == 429
    assert idea_a.title not in refused.text


def test_the_form_and_the_pages_share_one_count(client, idea_a):
    for number in range(LIMIT // 2):
        client.get(lookup_url(), {"code": wrong_code(number)})
        client.get(page_url(wrong_code(number)))
    assert client.get(lookup_url(), {"code": idea_a.tracking_code}).status_code == 429


def test_a_found_code_redirects_until_the_limit(client, idea_a):
    # Each look-up that finds its code counts twice: the form, then the page it leads to.
    for _ in range(LIMIT // 2):
        response = client.get(lookup_url(), {"code": idea_a.tracking_code}, follow=True)
        assert response.status_code == 200
        assert idea_a.title in response.text
    assert client.get(lookup_url(), {"code": idea_a.tracking_code}).status_code == 429


def test_the_empty_form_does_not_count(client, idea_a):
    for _ in range(LIMIT + 5):
        assert client.get(lookup_url()).status_code == 200
    assert client.get(lookup_url(), {"code": wrong_code(1)}).status_code == 404


def test_another_address_is_not_refused(client, idea_a):
    for number in range(LIMIT + 1):
        client.get(lookup_url(), {"code": wrong_code(number)})
    assert client.get(page_url(idea_a.tracking_code)).status_code == 429
    other = client.get(page_url(idea_a.tracking_code), REMOTE_ADDR="196.200.1.2")
    assert other.status_code == 200


def test_the_limit_is_lifted_after_its_window(client, idea_a):
    for number in range(LIMIT + 1):
        client.get(lookup_url(), {"code": wrong_code(number)})
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 11, tzinfo=datetime.UTC)):
        assert client.get(page_url(idea_a.tracking_code)).status_code == 200


@override_settings(TRACKING_LOOKUP_RATE_LIMIT=(2, 60))
def test_the_limit_comes_from_the_settings(client, idea_a):
    statuses = [client.get(page_url(wrong_code(n))).status_code for n in range(3)]
    assert statuses == [404, 404, 429]
    response = client.get(page_url(idea_a.tracking_code), HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Retry-After"] == "60"
    assert retry_sentence(1) in response.text
