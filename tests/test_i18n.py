"""Languages of the portal: Arabic first (RTL), French, Tamazight in Tifinagh; Moroccan dates."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.dateformat import format as date_format_with
from django.utils.formats import date_format
from django.utils.translation import get_language_info

MOROCCAN_MONTHS = "يناير فبراير مارس أبريل ماي يونيو يوليوز غشت شتنبر أكتوبر نونبر دجنبر".split()


@pytest.mark.django_db
def test_the_root_redirects_to_arabic(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
def test_the_root_redirects_a_french_browser_to_french(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert response["Location"] == "/fr/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, html_tag",
    [
        ("/ar/", '<html lang="ar" dir="rtl">'),
        ("/fr/", '<html lang="fr" dir="ltr">'),
        ("/zgh/", '<html lang="zgh" dir="ltr">'),
    ],
)
def test_each_language_home_page_declares_its_language_and_direction(client, url, html_tag):
    response = client.get(url)

    assert response.status_code == 200
    assert html_tag in response.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_names_each_language_in_its_own_script(client):
    content = client.get("/fr/").content.decode()

    assert 'lang="ar"' in content and "العربي" in content
    assert 'lang="fr"' in content and "français" in content.lower()
    assert 'lang="zgh"' in content and "ⵜⴰⵎⴰⵣⵉⵖⵜ" in content


def test_tamazight_is_registered_in_tifinagh_left_to_right():
    info = get_language_info("zgh")

    assert info["name_local"] == "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    assert info["bidi"] is False


def test_tamazight_has_a_compiled_catalogue_so_django_accepts_it():
    assert translation.check_for_language("zgh")


def test_arabic_dates_use_moroccan_month_names():
    with translation.override("ar"):
        assert date_format(date(2022, 12, 6)) == "06 دجنبر 2022"
        assert date_format(date(2023, 7, 25)) == "25 يوليوز 2023"
        assert date_format(date(2024, 5, 1)) == "01 ماي 2024"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_arabic_month_form_is_the_moroccan_name(month):
    # F: MONTHS, E: MONTHS_ALT, N: MONTHS_AP, b: MONTHS_3 in django.utils.dates.
    expected = MOROCCAN_MONTHS[month - 1]
    with translation.override("ar"):
        assert date_format_with(date(2024, month, 15), "F|E|N|b") == "|".join([expected] * 4)


def test_french_dates_are_written_the_french_way():
    with translation.override("fr"):
        assert date_format(date(2022, 12, 6)) == "6 décembre 2022"


def test_tamazight_dates_use_tifinagh_month_names_not_arabic_ones():
    with translation.override("zgh"):
        assert date_format(date(2022, 12, 6)) == "6 ⴷⵓⵊⴰⵏⴱⵉⵔ 2022"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ar", "الشبكة المغربية للجماعات الترابية المنفتحة"),
        ("fr", "Réseau marocain des collectivités territoriales ouvertes"),
    ],
)
def test_the_network_name_is_translated(language, expected):
    with translation.override(language):
        assert translation.gettext("Moroccan Network of Open Territorial Collectivities") == (
            expected
        )


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_page_in_the_new_language(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/ar/members/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/members/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


@pytest.mark.django_db
def test_the_language_switcher_switches_to_tamazight(client):
    response = client.post("/i18n/setlang/", {"language": "zgh", "next": "/ar/members/"})

    assert response["Location"] == "/zgh/members/"


@pytest.mark.django_db
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL only",
)
def test_the_postgresql_test_database_has_a_utf8_ctype_for_trigrams_on_arabic():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database"
            " WHERE datname = current_database()"
        )
        encoding, ctype = cursor.fetchone()

    assert encoding == "UTF8"
    assert ctype.replace("-", "").lower().endswith("utf8")
