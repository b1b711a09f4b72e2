"""Spreadsheet exports of ideas: the committee's, with personal data, limited by
``can_export_member``; the anonymised open data, for everyone; and formula neutralisation in
every export of the portal (fixtures in tests/consultations/conftest.py)."""

import csv
import datetime
import io
import warnings

import pytest
import tablib
import time_machine
from django.contrib.admin import helpers
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from consultations import exports
from consultations.models import Moderation
from consultations.services import publish
from ctouvertes.spreadsheets import neutralise, restore
from network.resources import MemberResource
from programmes.models import Activity
from programmes.resources import ActivityResource
from tests.factories import UserFactory

from ..programmes.helpers import make_activity
from .helpers import make_idea

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secret.citizen@example.ma"
SECRET_NAME = "Secret Citizen Name"
SECRET_PHONE = "0699887766"
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


def csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def flat(rows):
    return [cell for row in rows for cell in row if cell is not None]


@pytest.fixture
def secret_idea(station_a, axis_a, diana):
    idea = make_idea(
        station_a.programme,
        axis=axis_a,
        submitter_kind="association",
        association_name="Association Secrète",
        name=SECRET_NAME,
        email=SECRET_EMAIL,
        phone=SECRET_PHONE,
        gender="woman",
        age_band="30_44",
    )
    return publish(idea, user=diana)


@pytest.fixture
def formula_ideas(station_a, diana):
    return [
        publish(make_idea(station_a.programme, title=title, body=title), user=diana)
        for title in FORMULAS
    ]


# The committee's export -----------------------------------------------------------------------


def test_the_committee_export_holds_the_submitters_email(charlie, idea_a):
    dataset = exports.committee_ideas(charlie)
    assert dataset.dict[0]["email"] == "fatima.a@example.ma"
    assert dataset.dict[0]["tracking_code"] == idea_a.tracking_code


def test_the_committee_export_leaves_out_the_members_the_user_may_not_export(bob, idea_a, idea_b):
    dataset = exports.committee_ideas(bob)
    assert [row["email"] for row in dataset.dict] == ["karim.b@example.ma"]


def test_a_user_without_role_exports_no_idea(idea_a):
    assert len(exports.committee_ideas(UserFactory(username="eve"))) == 0


def test_the_committee_exports_observations_with_personal_data(charlie, observation_a):
    dataset = exports.committee_observations(charlie)
    assert dataset.dict[0]["email"] == "observer.a@example.ma"


def export_action(client, action, objects, model="idea"):
    return client.post(
        reverse(f"admin:consultations_{model}_changelist"),
        {
            "action": action,
            "index": "0",
            helpers.ACTION_CHECKBOX_NAME: [str(obj.pk) for obj in objects],
        },
    )


def test_a_committee_member_downloads_its_members_ideas_as_xlsx(login, charlie, idea_a):
    response = export_action(login(charlie), "export_xlsx", [idea_a])
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "fatima.a@example.ma" in flat(xlsx_rows(response))


def test_a_committee_member_downloads_its_members_ideas_as_csv(login, charlie, idea_a):
    response = export_action(login(charlie), "export_csv", [idea_a])
    assert "fatima.a@example.ma" in flat(csv_rows(response))


def test_another_focal_point_cannot_download_the_members_ideas(login, bob, idea_a, idea_b):
    response = export_action(login(bob), "export_csv", [idea_a])
    assert "fatima.a@example.ma" not in response.content.decode("utf-8-sig")


def test_a_committee_member_downloads_observations(login, charlie, observation_a):
    response = export_action(login(charlie), "export_csv", [observation_a], model="observation")
    assert "observer.a@example.ma" in flat(csv_rows(response))


def test_the_admin_export_page_holds_only_the_users_ideas(login, bob, idea_a, idea_b):
    response = login(bob).post(
        reverse("admin:consultations_idea_export"),
        {"format": "0", "resource": "0", "ideacommitteeresource_email": "on"},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "karim.b@example.ma" in text
    assert "fatima.a@example.ma" not in text


def test_a_user_without_role_may_not_open_the_export_page(login, idea_a):
    response = login(UserFactory(username="eve")).post(
        reverse("admin:consultations_idea_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 403


# Open data --------------------------------------------------------------------------------------


def open_data(slug, fmt):
    return exports.open_data_export(RequestFactory().get("/"), slug, fmt)


@pytest.fixture
def on_submission_day():
    """The day the consultation fixtures submit their ideas (tests/consultations/conftest.py)."""
    moment = datetime.datetime(2026, 11, 24, 10, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield moment


def test_open_data_rows_hold_published_ideas_without_personal_data(
    on_submission_day, secret_idea, idea_a
):
    rows = exports.open_data_rows(secret_idea.programme.member)
    assert len(rows) == 1  # idea_a awaits moderation
    assert set(rows[0]) == set(exports.OPEN_DATA_COLUMNS)
    assert rows[0]["title"] == secret_idea.title
    assert rows[0]["date"] == "2026-11-24"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_open_data_export_never_contains_a_submitters_personal_data(fmt, secret_idea):
    response = open_data("beni-ensar", fmt)
    assert response.status_code == 200
    cells = flat(csv_rows(response) if fmt == "csv" else xlsx_rows(response))
    assert secret_idea.title in cells
    text = " ".join(str(cell) for cell in cells)
    for secret in (SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, "Association Secrète"):
        assert secret not in text
    assert secret_idea.tracking_code not in text
    assert "secret.citizen" not in response.content.decode("utf-8", errors="ignore")


def test_the_open_data_export_leaves_out_hidden_and_pending_ideas(idea_a, diana):
    hidden = make_idea(idea_a.programme, title="Idée masquée")
    from consultations.services import hide

    hide(hidden, reason="Abus", user=diana)
    cells = flat(csv_rows(open_data("beni-ensar", "csv")))
    assert idea_a.title not in cells and "Idée masquée" not in cells


def test_the_open_data_export_holds_only_the_members_ideas(secret_idea, idea_b, diana):
    publish(idea_b, user=diana)
    cells = flat(csv_rows(open_data("beni-ensar", "csv")))
    assert secret_idea.title in cells and idea_b.title not in cells


def test_the_open_data_export_is_404_for_an_unknown_member(db):
    from django.http import Http404

    with pytest.raises(Http404):
        open_data("no-such-member", "csv")


def test_the_open_data_urls_serve_csv_and_xlsx(client, secret_idea):
    # Through the portal's own URLs: a 404 page needs the whole URLconf (its links).
    csv_response = client.get("/ar/members/beni-ensar/ideas/open-data.csv")
    xlsx_response = client.get("/ar/members/beni-ensar/ideas/open-data.xlsx")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert xlsx_response["Content-Type"].endswith("spreadsheetml.sheet")
    assert client.get("/ar/members/beni-ensar/ideas/open-data.ods").status_code == 404


@pytest.mark.urls("consultations.export_urls")
def test_the_open_data_url_is_named_for_reverse(secret_idea):
    assert reverse("open_data", kwargs={"slug": "beni-ensar", "fmt": "csv"}) == (
        "/members/beni-ensar/ideas/open-data.csv"
    )


def test_the_open_data_url_module_declares_its_namespace():
    from consultations import export_urls

    assert export_urls.app_name == "consultations_exports"


# Formula neutralisation -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [*FORMULAS, "\tcmd", "\rcmd"])
def test_a_text_a_spreadsheet_would_run_gets_a_leading_quote(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["نقل مدرسي", "a = b", "'quoted", 42, None])
def test_other_values_are_left_as_they_are(value):
    assert neutralise(value) == value


def test_open_data_csv_writes_formulas_as_text(formula_ideas):
    cells = flat(csv_rows(open_data("beni-ensar", "csv")))
    for formula in FORMULAS:
        assert "'" + formula in cells
        assert formula not in cells


def test_open_data_xlsx_writes_formulas_as_text(formula_ideas):
    cells = xlsx_cells(open_data("beni-ensar", "xlsx"))
    values = [cell.value for cell in cells]
    for formula in FORMULAS:
        assert "'" + formula in values
    assert all(cell.data_type != "f" for cell in cells)


def test_the_committee_csv_writes_formulas_as_text(login, charlie, formula_ideas):
    response = export_action(login(charlie), "export_csv", formula_ideas)
    cells = flat(csv_rows(response))
    for formula in FORMULAS:
        assert "'" + formula in cells
        assert formula not in cells


def test_the_committee_xlsx_writes_formulas_as_text(login, charlie, formula_ideas):
    cells = xlsx_cells(export_action(login(charlie), "export_xlsx", formula_ideas))
    assert {"'" + formula for formula in FORMULAS} <= {cell.value for cell in cells}
    assert all(cell.data_type != "f" for cell in cells)


def test_the_admin_export_page_writes_formulas_as_text_in_xlsx(login, charlie, formula_ideas):
    response = login(charlie).post(
        reverse("admin:consultations_idea_export"),
        {"format": "1", "resource": "0", "ideacommitteeresource_title": "on"},
    )
    cells = xlsx_cells(response)
    assert {"'" + formula for formula in FORMULAS} <= {cell.value for cell in cells}
    assert all(cell.data_type != "f" for cell in cells)


def test_the_programmes_activity_export_writes_formulas_as_text(project_a):
    make_activity(project_a, 1, title_ar='=HYPERLINK("http://x")', title_fr="-2")
    row = ActivityResource().export(Activity.objects.all()).dict[0]
    assert (row["title_ar"], row["title_fr"]) == ('\'=HYPERLINK("http://x")', "'-2")


def test_an_exported_activity_imports_back_without_the_quote(alice, project_a):
    make_activity(project_a, 1, weight=100, title_ar="- تشخيص", title_fr="+ Diagnostic")
    dataset = ActivityResource().export(Activity.objects.all())
    result = ActivityResource().import_data(
        tablib.Dataset().load(dataset.export("csv"), format="csv"), user=alice
    )
    assert not result.has_errors() and not result.has_validation_errors()
    activity = Activity.objects.get()
    assert (activity.title_ar, activity.title_fr) == ("- تشخيص", "+ Diagnostic")


def test_the_member_export_writes_formulas_as_text(beni_ensar):
    beni_ensar.focal_point_name = "@SUM(A1)"
    beni_ensar.save()
    rows = MemberResource().export().dict
    assert "'@SUM(A1)" in [row["focal_point_name"] for row in rows]


def test_a_published_idea_keeps_its_text_as_typed(formula_ideas):
    assert formula_ideas[0].title == FORMULAS[0]
    assert formula_ideas[0].moderation == Moderation.PUBLISHED


def test_the_export_of_selected_items_accepts_only_the_users_own(login, alice, idea_a, idea_b):
    """django-import-export's "export selected" validates the chosen ids against the admin's
    scoped rows, not every row of the table: another member's idea is refused, not silently
    dropped, and its id is not listed back."""
    client = login(alice)
    url = reverse("admin:consultations_idea_export")
    form = client.get(url).context["form"]
    data = {"format": "0", "resource": "0"}
    data.update(
        {form.add_prefix(name): "on" for name, field in form.fields.items()
         if getattr(field, "is_selectable_field", False)}
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        foreign = client.post(url, {**data, "export_items": [str(idea_b.pk)]})
        own = client.post(url, {**data, "export_items": [str(idea_a.pk)]})
    assert foreign.status_code == 200
    assert foreign.get("Content-Disposition") is None
    assert "export_items" in foreign.context["form"].errors
    assert own.get("Content-Disposition"), own.context["form"].errors
    assert own["Content-Disposition"].startswith("attachment")
    assert idea_a.tracking_code in own.content.decode("utf-8-sig")
