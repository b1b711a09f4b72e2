"""Translated fields fall back to Arabic (django-modeltranslation)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def title_of(client, member, language):
    with translation.override(language):
        response = client.get(reverse("network:member_detail", args=[member.slug]))
    # The heading says lang="ar" when the name falls back to Arabic (tests/test_language_of_parts).
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text).group(1)


def test_a_member_with_only_an_arabic_name_shows_it_under_fr(client, oriental):
    member = CommuneFactory(slug="driouch", region=oriental, name_ar="الدريوش", name_fr="")
    assert title_of(client, member, "fr") == "الدريوش"


def test_a_member_with_a_french_name_shows_it_under_fr(client, oriental):
    member = CommuneFactory(slug="driouch", region=oriental, name_ar="الدريوش", name_fr="Driouch")
    assert title_of(client, member, "fr") == "Driouch"


def test_a_member_with_a_french_name_shows_the_arabic_one_under_ar(client, oriental):
    member = CommuneFactory(slug="driouch", region=oriental, name_ar="الدريوش", name_fr="Driouch")
    assert title_of(client, member, "ar") == "الدريوش"


def test_tamazight_falls_back_to_arabic(client, oriental):
    member = CommuneFactory(slug="driouch", region=oriental, name_ar="الدريوش", name_fr="Driouch")
    assert title_of(client, member, "zgh") == "الدريوش"
