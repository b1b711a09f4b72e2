"""The reference content loaded by migration 0002: other apps rely on these codes."""

import pytest
from django.utils import translation

from network.models import CharterItem, ExpectedResult, Principle

pytestmark = pytest.mark.django_db


def test_the_four_principles_exist_with_their_codes():
    assert list(Principle.objects.values_list("code", flat=True)) == [
        "transparency",
        "access_to_information",
        "participation",
        "digitalisation",
    ]


def test_the_three_expected_results_exist_with_their_codes():
    assert list(ExpectedResult.objects.values_list("code", flat=True)) == [
        "service_quality",
        "trust",
        "citizen_partner",
    ]


def test_every_reference_text_has_arabic_and_french():
    for item in [*Principle.objects.all(), *ExpectedResult.objects.all()]:
        assert item.name_ar and item.name_fr
    for item in CharterItem.objects.all():
        assert item.text_ar and item.text_fr


def test_tamazight_is_empty_and_falls_back_to_arabic():
    principle = Principle.objects.get(code="participation")
    assert not principle.name_zgh
    with translation.override("zgh"):
        assert principle.name == "المشاركة المواطنة"


def test_the_charter_has_every_section():
    counts = {
        section: CharterItem.objects.filter(section=section).count()
        for section in ("about", "objective", "value", "commitment")
    }
    assert counts == {"about": 3, "objective": 3, "value": 2, "commitment": 5}
