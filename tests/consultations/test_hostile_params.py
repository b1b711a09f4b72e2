"""Numbers typed by people are parsed strictly: ASCII digits only, at most 18 of them.

``"²".isdigit()`` is true and ``int("²")`` raises (the ideas list answered 500 to
``?idea=²``); ``int("٣")`` is 3 (an Arabic-Indic digit); twenty digits overflow the database's
integers. Such values are ignored on public pages (200, never 500) and are errors of their
column in an import (fixtures in tests/consultations/conftest.py)."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.services import IdeaImportError, import_paper_ideas
from ctouvertes.numbers import parse_id

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "٣", "３", "-1", "+1", "1.0", " ", "", "99999999999999999999", "1\n2", "0x1"]


def ideas_url():
    with translation.override("ar"):
        return reverse("consultations:idea_list", kwargs={"slug": "beni-ensar"})


@pytest.fixture
def published(idea_a, diana):
    return services.publish(idea_a, user=diana)


@pytest.mark.parametrize("text", ["0", "7", "007", "123456789012345678"])
def test_parse_id_reads_ascii_digits(text):
    assert parse_id(text) == int(text)


@pytest.mark.parametrize("text", [*HOSTILE, "1234567890123456789", None, 3])
def test_parse_id_refuses_anything_else(text):
    assert parse_id(text) is None


@pytest.mark.parametrize("value", HOSTILE)
def test_the_ideas_list_ignores_a_hostile_idea_number(client, published, value):
    response = client.get(ideas_url(), {"idea": value})
    assert response.status_code == 200
    assert response.context["is_filtered"] is False
    assert [idea.pk for idea in response.context["page"].object_list] == [published.pk]


def test_the_ideas_list_shows_the_one_idea_of_an_ascii_number(client, published, idea_b):
    response = client.get(ideas_url(), {"idea": str(published.pk)})
    assert response.status_code == 200
    assert response.context["is_filtered"] is True
    assert [idea.pk for idea in response.context["page"].object_list] == [published.pk]


def test_the_ideas_list_shows_nothing_for_an_ascii_number_of_no_idea(client, published):
    response = client.get(ideas_url(), {"idea": str(published.pk + 1000)})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("name", ["page", "axis", "channel", "fate", "period"])
@pytest.mark.parametrize("value", HOSTILE)
def test_the_ideas_list_answers_200_to_hostile_filters(client, published, name, value):
    assert client.get(ideas_url(), {name: value}).status_code == 200


# The paper ideas import (consultations/resources.py) -------------------------------------------

HEADER = "member,period,event,channel,axis_number,title,idea,submitter_kind\n"


def csv_file(text):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = "ideas.csv"
    return file


def import_row(member, event, axis):
    row = f"beni-ensar,2024-2025,{event},paper,{axis},Titre,Texte,citizen\n"
    with translation.override("fr"):
        return import_paper_ideas(csv_file(HEADER + row), member=member)


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999"])
def test_an_import_refuses_a_hostile_workshop_number_on_its_column(beni_ensar, event_a, value):
    with pytest.raises(IdeaImportError) as error:
        import_row(beni_ensar, value, "")
    assert {e.field for e in error.value.errors} == {"event"}


def test_an_import_accepts_the_workshops_ascii_number(beni_ensar, event_a):
    assert import_row(beni_ensar, event_a.pk, "") == 1


@pytest.mark.parametrize("value", ["²", "١", "99999999999999999999"])
def test_an_import_refuses_a_hostile_axis_number_on_its_column(beni_ensar, event_a, axis_a, value):
    with pytest.raises(IdeaImportError) as error:
        import_row(beni_ensar, event_a.pk, value)
    assert {e.field for e in error.value.errors} == {"axis_number"}


def test_an_import_accepts_the_axis_ascii_number(beni_ensar, event_a, axis_a):
    assert import_row(beni_ensar, event_a.pk, axis_a.number) == 1
