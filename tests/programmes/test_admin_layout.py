"""The project's change page as a focal point sees it: activity rows that fit the window,
weights as percentages, the sum of the weights beside the weight column, help on the fields
focal points do not know, and no English labels of ours on the Arabic page."""

import re
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from programmes.models import Activity, Programme, Project

from .helpers import make_activity, make_programme, make_project

pytestmark = pytest.mark.django_db

WORKBOOK = Path(__file__).resolve().parents[2] / "programmes/data/beni-ensar-2024-2025.xlsx"

#: English labels the Arabic project page used to show: our msgids kept in English ("SMART: …")
#: and, in the activity rows, modeltranslation's language codes in the labels.
FORMER_ENGLISH_LABELS = ["SMART"]
FORMER_ACTIVITY_ROW_LABELS = ["[ar]", "[fr]", "[zgh]"]


@pytest.fixture
def project(beni_ensar):
    return make_project(make_programme(beni_ensar), 1)


def change_page(client, project, language="ar"):
    with translation.override(language):
        url = reverse("admin:programmes_project_change", args=[project.pk])
    return client.get(url)


def weight_sum_element(html):
    match = re.search(r'<p id="activities-weight-sum"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no weight-sum element on the page"
    return match.group(0), " ".join(match.group(1).split())


def test_weights_are_shown_as_plain_percentages(login, alice, project):
    make_activity(project, 1, weight=10)
    make_activity(project, 2, weight="12.5")

    html = change_page(login(alice), project).content.decode()

    assert 'name="activities-0-weight" value="10"' in html
    assert 'name="activities-1-weight" value="12.5"' in html
    assert "10.00" not in html
    assert '<span class="input-suffix">%</span>' in html


def test_a_weight_is_stored_as_entered(login, alice, project):
    make_activity(project, 1, weight=10)
    activity = Activity.objects.get()
    with translation.override("ar"):
        url = reverse("admin:programmes_activity_change", args=[activity.pk])
    client = login(alice)
    html = client.get(url).content.decode()
    assert 'name="weight" value="10"' in html


def test_the_page_shows_the_sum_of_the_weights_and_loads_the_script(login, alice, project):
    for number, weight in enumerate([40, 40, 40], start=1):
        make_activity(project, number, weight=weight)

    response = change_page(login(alice), project)
    html = response.content.decode()

    element, text = weight_sum_element(html)
    with translation.override("ar"):
        expected = gettext("Sum of weights: %(sum)s %% (should be 100 %%)") % {"sum": "120"}
    assert expected in text
    assert "weight-warning" in element
    assert "js/activity_weights.js" in html


def test_a_sum_of_100_is_shown_without_a_warning(login, alice, project):
    make_activity(project, 1, weight=60)
    make_activity(project, 2, weight=40)

    element, text = weight_sum_element(change_page(login(alice), project).content.decode())

    with translation.override("ar"):
        assert gettext("Sum of weights: %(sum)s %%") % {"sum": "100"} == text
    assert "weight-warning" not in element


def test_a_refused_save_shows_the_sum_of_what_was_typed(login, alice, project):
    make_activity(project, 1, weight=60)
    make_activity(project, 2, weight=40)
    client = login(alice)
    response = change_page(client, project)
    data = form_data(response)
    data["activities-0-weight"] = "70"
    data["activities-1-DELETE"] = "on"
    data["number"] = ""  # refused: the page comes back with the typed values

    with translation.override("ar"):
        url = reverse("admin:programmes_project_change", args=[project.pk])
    response = client.post(url, data)

    assert response.status_code == 200
    _element, text = weight_sum_element(response.content.decode())
    with translation.override("ar"):
        assert gettext("Sum of weights: %(sum)s %% (should be 100 %%)") % {"sum": "70"} in text


def test_help_explains_cohort_completion_level_and_smart(login, alice, project):
    html = change_page(login(alice), project).content.decode()
    programme_html = (
        login(alice)
        .get(reverse("admin:programmes_programme_change", args=[project.programme.pk]))
        .content.decode()
    )

    for model, name, page in (
        (Project, "completion_level", html),
        (Project, "smart_specific", html),
        (Project, "smart_time_bound", html),
        (Programme, "cohort", programme_html),
    ):
        help_text = str(model._meta.get_field(name).help_text)
        assert help_text, name
        assert help_text in page, name
    for name in ("weight", "status", "cost", "progress", "start_date"):
        assert Activity._meta.get_field(name).help_text, name


def test_the_arabic_page_shows_none_of_the_former_english_labels(login, alice, project):
    make_activity(project, 1, weight=10)

    html = change_page(login(alice), project).content.decode()
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)

    rows = html[html.index('id="activities-group"') : html.index('id="activities-weight-sum"')]
    row_text = re.sub(r"<[^>]+>", " ", rows)

    for label in FORMER_ENGLISH_LABELS:
        assert label not in text, label
    for label in FORMER_ACTIVITY_ROW_LABELS:
        assert label not in row_text, label


def test_the_other_languages_of_a_row_are_labelled_with_their_names(login, alice, project):
    make_activity(project, 1, weight=10)

    html = change_page(login(alice), project, "fr").content.decode()

    with translation.override("fr"):
        assert f"({gettext('Arabic')})" in html
        assert f"({gettext('Tamazight')})" in html
    # The French title is in the row; the Arabic and Tamazight ones in the detail.
    assert re.search(
        r'<span lang="zgh" dir="ltr">\s*<input[^>]*name="activities-0-title_zgh"', html
    )


def test_the_query_count_does_not_grow_with_the_activities(login, alice, project):
    client = login(alice)
    for number in range(1, 4):
        make_activity(project, number, weight=10)
    change_page(client, project)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as three:
        assert change_page(client, project).status_code == 200

    for number in range(4, 16):
        make_activity(project, number, weight=10)
    with CaptureQueriesContext(connection) as fifteen:
        assert change_page(client, project).status_code == 200

    assert len(fifteen) == len(three)


def test_another_members_focal_point_gets_no_page(login, bob, project):
    assert change_page(login(bob), project).status_code == 404


def form_data(response):
    """The values the change form would post back, read from the rendered page."""
    html = response.content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    return {key: value for key, value in data.items() if "__prefix__" not in key}


def test_the_demo_workbooks_source_notes_are_in_arabic():
    """The transcription notes we wrote are read by focal points in the Arabic admin; only
    quoted text (what the document printed, e.g. «fiche de poste») may be in another script."""
    workbook = openpyxl.load_workbook(WORKBOOK, read_only=True)
    english = []
    for sheet in workbook:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows)
        if "source_note" not in header:
            continue
        column = header.index("source_note")
        for row in rows:
            note = re.sub(r"«[^»]*»", "", row[column] or "")
            english += re.findall(r"[A-Za-z]{3,}", note)
    assert english == []


def test_the_activity_list_shows_weights_as_percentages(login, alice, project):
    make_activity(project, 1, weight=10)
    make_activity(project, 2, weight=None)

    html = login(alice).get(reverse("admin:programmes_activity_changelist")).content.decode()

    assert "10\u202f%" in html
    assert "10.00" not in html and "10,00" not in html
