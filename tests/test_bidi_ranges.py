"""Periods, ranges and codes inside right-to-left text are isolated left to right: after an
Arabic word, "09-08" or "2026-2027" would otherwise display reversed ("08-09", "2027-2026")."""

import pytest
from django.core.cache import cache
from django.utils import translation

from .test_security_headers import open_day, portal, public_pages  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def titled_portal(portal):  # noqa: F811 (the fixture imported above)
    programme = portal["programme"]
    programme.title_ar = "برنامج عمل الانفتاح 2025-2027"
    programme.save()
    return portal


def test_the_law_number_in_the_personal_data_notice_is_isolated(client, titled_portal):
    html = client.get(public_pages(titled_portal, "ar")["idea form"]).content.decode()
    with translation.override("ar"):
        heading = translation.gettext("Your personal data (Law 09-08)")
    assert "09-08" in heading
    assert heading.replace("09-08", '<bdi dir="ltr">09-08</bdi>') in html


@pytest.mark.parametrize("page", ["idea form", "tracking", "member"])
def test_a_programme_title_with_its_period_is_isolated(client, titled_portal, page):
    html = client.get(public_pages(titled_portal, "ar")[page]).content.decode()
    assert 'برنامج عمل الانفتاح <bdi dir="ltr">2025-2027</bdi>' in html
    assert "برنامج عمل الانفتاح 2025-2027" not in html
