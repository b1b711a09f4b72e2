"""The programmes admin, scoped by role: alice is the focal point of Beni Ensar, bob of Larache,
charlie a committee member of Beni Ensar (reads only), diana network staff (see tests/conftest.py).
Pages are requested in French, so expected texts are translated with the same catalogue."""

import datetime
import re
from decimal import Decimal

import pytest
from django.forms import NullBooleanSelect
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from programmes.models import (
    ActivityStatus,
    Axis,
    Indicator,
    IndicatorKind,
    Partner,
    Programme,
    ProgressUpdate,
    Project,
)

from .helpers import make_activity, make_programme, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


@pytest.fixture
def programme_a(beni_ensar):
    return make_programme(beni_ensar)


@pytest.fixture
def programme_b(larache):
    return make_programme(larache)


@pytest.fixture
def axis_a(programme_a):
    return Axis.objects.create(programme=programme_a, number=1, title_ar="محور بني انصار")


@pytest.fixture
def axis_b(programme_b):
    return Axis.objects.create(programme=programme_b, number=1, title_ar="محور العرائش")


@pytest.fixture
def project_a(programme_a, axis_a):
    return make_project(programme_a, 1, axis=axis_a, title_ar="مشروع بني انصار")


@pytest.fixture
def project_b(programme_b, axis_b):
    return make_project(programme_b, 1, axis=axis_b, title_ar="مشروع العرائش")


@pytest.fixture
def activity_a(project_a):
    return make_activity(project_a, 1, weight=100, title_ar="نشاط بني انصار")


@pytest.fixture
def activity_b(project_b):
    return make_activity(project_b, 1, weight=100, title_ar="نشاط العرائش")


def url(name, *args, query=""):
    return reverse(f"admin:programmes_{name}", args=args) + query


def changelist_pks(response):
    return {obj.pk for obj in response.context["cl"].result_list}


def form_data(response):
    """The POST data of an admin change form as the page shows it, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if isinstance(field.widget, NullBooleanSelect):
                data[bound.html_name] = {True: "true", False: "false"}.get(value, "unknown")
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Programmes -------------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_programmes(login, alice, programme_a, programme_b):
    response = login(alice).get(url("programme_changelist"))
    assert changelist_pks(response) == {programme_a.pk}


def test_network_staff_list_every_programme(login, diana, programme_a, programme_b):
    response = login(diana).get(url("programme_changelist"))
    assert changelist_pks(response) == {programme_a.pk, programme_b.pk}


def test_the_programme_list_shows_progress_project_count_and_budget(login, alice, programme_a):
    first = make_project(programme_a, 1, estimated_budget=Decimal("1000"))
    make_project(programme_a, 2, estimated_budget=Decimal("500"))
    make_activity(first, 1, progress=50)
    response = login(alice).get(url("programme_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row.project_count, row.budget_total, row.progress) == (2, Decimal("1500"), 25.0)
    assert b'<progress value="25" max="100">' in response.content


def test_a_focal_point_changes_its_members_programme(login, alice, programme_a):
    client = login(alice)
    data = form_data(client.get(url("programme_change", programme_a.pk)))
    data["title_fr"] = "Programme d'action d'ouverture"
    response = client.post(url("programme_change", programme_a.pk), data)
    assert response.status_code == 302
    programme_a.refresh_from_db()
    assert programme_a.title_fr == "Programme d'action d'ouverture"


def test_the_admin_reads_titles_without_bidi_controls_or_invisible_characters(
    login, alice, programme_a
):
    client = login(alice)
    change = url("programme_change", programme_a.pk)
    data = form_data(client.get(change))
    data["title_ar"] = "\u202e\u200b\u2066"  # an override, a zero-width space, an isolate
    refused = client.post(change, data)
    assert refused.status_code == 200
    assert "title_ar" in refused.context["adminform"].form.errors
    data["title_ar"] = "برنامج\u202e عمل\u200b الانفتاح"
    assert client.post(change, data).status_code == 302
    programme_a.refresh_from_db()
    assert programme_a.title_ar == "برنامج عمل الانفتاح"


def test_another_focal_point_cannot_open_the_programme(login, bob, programme_a):
    response = login(bob).get(url("programme_change", programme_a.pk))
    assert response.status_code == 404


def test_another_focal_point_cannot_change_the_programme(login, alice, bob, programme_a):
    data = form_data(login(alice).get(url("programme_change", programme_a.pk)))
    data["title_fr"] = "Changé par bob"
    response = login(bob).post(url("programme_change", programme_a.pk), data)
    assert response.status_code == 404
    programme_a.refresh_from_db()
    assert programme_a.title_fr in ("", None)


def test_another_focal_point_cannot_delete_the_programme(login, bob, programme_a):
    response = login(bob).post(url("programme_delete", programme_a.pk), {"post": "yes"})
    assert response.status_code == 404
    assert Programme.objects.filter(pk=programme_a.pk).exists()


def test_a_committee_member_reads_its_members_programme(login, charlie, programme_a):
    response = login(charlie).get(url("programme_change", programme_a.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_a_committee_member_cannot_change_the_programme(login, alice, charlie, programme_a):
    data = form_data(login(alice).get(url("programme_change", programme_a.pk)))
    data["title_fr"] = "Changé par charlie"
    response = login(charlie).post(url("programme_change", programme_a.pk), data)
    assert response.status_code == 403
    programme_a.refresh_from_db()
    assert programme_a.title_fr in ("", None)


def test_a_committee_member_cannot_add_a_programme(login, charlie):
    response = login(charlie).get(url("programme_add"))
    assert response.status_code == 403


def test_a_committee_member_cannot_delete_the_programme(login, charlie, programme_a):
    response = login(charlie).post(url("programme_delete", programme_a.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Programme.objects.filter(pk=programme_a.pk).exists()


def test_a_focal_point_may_attach_a_programme_to_its_own_member_only(
    login, alice, beni_ensar, larache
):
    response = login(alice).get(url("programme_add"))
    members = response.context["adminform"].form.fields["member"].queryset
    assert list(members) == [beni_ensar]


def test_the_programme_page_links_to_its_projects_and_its_public_page(login, alice, programme_a):
    response = login(alice).get(url("programme_change", programme_a.pk))
    projects = url("project_changelist", query=f"?programme__id__exact={programme_a.pk}")
    assert f'href="{projects}"' in response.content.decode()
    assert f'href="{programme_a.get_absolute_url()}"' in response.content.decode()


def test_the_admin_loads_no_script_from_another_site(login, alice, programme_a, axis_a):
    response = login(alice).get(url("programme_change", programme_a.pk))
    content = response.content.decode()
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', content)
    styles = re.findall(r'<link[^>]*\shref="([^"]+)"', content)
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in scripts
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts + styles)


# Duplicating a programme ------------------------------------------------------------------------


def duplicate(client, *programmes):
    return client.post(
        url("programme_changelist"),
        {"action": "duplicate_for_next_period", "_selected_action": [p.pk for p in programmes]},
        follow=True,
    )


def test_the_duplicate_action_copies_the_programme_to_the_next_period(
    login, alice, programme_a, activity_a
):
    response = duplicate(login(alice), programme_a)
    copy = Programme.objects.get(member=programme_a.member, first_year=2026, last_year=2027)
    assert copy.projects.get().activities.get().title_ar == "نشاط بني انصار"
    assert f'href="{url("programme_change", copy.pk)}"' in " ".join(messages_of(response))


def test_the_duplicate_action_reports_an_existing_next_period(login, alice, programme_a):
    make_programme(programme_a.member, 2026, 2027)
    response = duplicate(login(alice), programme_a)
    assert Programme.objects.filter(member=programme_a.member).count() == 2
    assert any(str(programme_a) in message for message in messages_of(response))


def test_a_committee_member_cannot_duplicate_a_programme(login, charlie, programme_a):
    duplicate(login(charlie), programme_a)
    assert Programme.objects.filter(member=programme_a.member).count() == 1


def test_another_focal_point_cannot_duplicate_the_programme(login, bob, programme_a):
    duplicate(login(bob), programme_a)
    assert Programme.objects.filter(member=programme_a.member).count() == 1


# History ----------------------------------------------------------------------------------------


def test_the_history_shows_who_changed_what(login, alice, programme_a):
    client = login(alice)
    data = form_data(client.get(url("programme_change", programme_a.pk)))
    data["council_session_ar"] = "دورة أكتوبر"
    client.post(url("programme_change", programme_a.pk), data)
    response = client.get(url("programme_history", programme_a.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "alice" in content
    assert "دورة أكتوبر" in content


def test_another_focal_point_cannot_read_the_history(login, bob, programme_a):
    response = login(bob).get(url("programme_history", programme_a.pk))
    assert response.status_code in (403, 404)


def test_another_focal_point_cannot_read_a_version_of_the_history(login, bob, programme_a):
    version = programme_a.history.latest()
    response = login(bob).get(url("programme_simple_history", programme_a.pk, version.pk))
    assert response.status_code in (403, 404)


def test_a_committee_member_cannot_revert_a_version(login, alice, charlie, programme_a):
    version = programme_a.history.latest()
    data = form_data(login(alice).get(url("programme_change", programme_a.pk)))
    programme_a.title_ar = "عنوان جديد"
    programme_a.save()
    response = login(charlie).post(
        url("programme_simple_history", programme_a.pk, version.pk), data
    )
    assert response.status_code == 403
    programme_a.refresh_from_db()
    assert programme_a.title_ar == "عنوان جديد"


def test_another_focal_point_cannot_read_the_history_of_a_project(login, bob, project_a):
    response = login(bob).get(url("project_history", project_a.pk))
    assert response.status_code in (403, 404)


# Axes -------------------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_axes(login, alice, axis_a, axis_b):
    response = login(alice).get(url("axis_changelist"))
    assert changelist_pks(response) == {axis_a.pk}


def test_a_focal_point_changes_its_members_axis(login, alice, axis_a):
    client = login(alice)
    data = form_data(client.get(url("axis_change", axis_a.pk)))
    data["title_fr"] = "Communication"
    assert client.post(url("axis_change", axis_a.pk), data).status_code == 302
    axis_a.refresh_from_db()
    assert axis_a.title_fr == "Communication"


def test_another_focal_point_cannot_change_the_axis(login, alice, bob, axis_a):
    data = form_data(login(alice).get(url("axis_change", axis_a.pk)))
    data["title_fr"] = "Changé par bob"
    response = login(bob).post(url("axis_change", axis_a.pk), data)
    assert response.status_code == 404
    axis_a.refresh_from_db()
    assert axis_a.title_fr in ("", None)


def test_another_focal_point_cannot_delete_the_axis(login, bob, axis_a):
    response = login(bob).post(url("axis_delete", axis_a.pk), {"post": "yes"})
    assert response.status_code == 404
    assert Axis.objects.filter(pk=axis_a.pk).exists()


# Projects ---------------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_projects(login, alice, project_a, project_b):
    response = login(alice).get(url("project_changelist"))
    assert changelist_pks(response) == {project_a.pk}


def test_network_staff_list_every_project(login, diana, project_a, project_b):
    response = login(diana).get(url("project_changelist"))
    assert changelist_pks(response) == {project_a.pk, project_b.pk}


def test_the_axis_filter_lists_only_the_users_axes(login, alice, project_a, project_b):
    content = login(alice).get(url("project_changelist")).content.decode()
    assert "محور بني انصار" in content
    assert "محور العرائش" not in content


def test_a_focal_point_changes_its_members_project(login, alice, project_a):
    client = login(alice)
    data = form_data(client.get(url("project_change", project_a.pk)))
    data["title_fr"] = "Portail de la participation"
    assert client.post(url("project_change", project_a.pk), data).status_code == 302
    project_a.refresh_from_db()
    assert project_a.title_fr == "Portail de la participation"


def test_another_focal_point_cannot_open_the_project(login, bob, project_a):
    assert login(bob).get(url("project_change", project_a.pk)).status_code == 404


def test_another_focal_point_cannot_change_the_project(login, alice, bob, project_a):
    data = form_data(login(alice).get(url("project_change", project_a.pk)))
    data["title_fr"] = "Changé par bob"
    response = login(bob).post(url("project_change", project_a.pk), data)
    assert response.status_code == 404
    project_a.refresh_from_db()
    assert project_a.title_fr in ("", None)


def test_another_focal_point_cannot_delete_the_project(login, bob, project_a):
    response = login(bob).post(url("project_delete", project_a.pk), {"post": "yes"})
    assert response.status_code == 404
    assert Project.objects.filter(pk=project_a.pk).exists()


def test_a_committee_member_cannot_change_the_project(login, alice, charlie, project_a):
    data = form_data(login(alice).get(url("project_change", project_a.pk)))
    data["title_fr"] = "Changé par charlie"
    response = login(charlie).post(url("project_change", project_a.pk), data)
    assert response.status_code == 403
    project_a.refresh_from_db()
    assert project_a.title_fr in ("", None)


def test_the_project_form_offers_only_the_users_programmes_and_axes(
    login, alice, programme_a, axis_a, programme_b, axis_b
):
    form = login(alice).get(url("project_add")).context["adminform"].form
    assert list(form.fields["programme"].queryset) == [programme_a]
    assert list(form.fields["axis"].queryset) == [axis_a]


def test_the_project_page_offers_only_the_axes_of_its_programme(login, alice, project_a):
    other = make_programme(project_a.programme.member, 2026, 2027)
    Axis.objects.create(programme=other, number=1, title_ar="محور آخر")
    form = login(alice).get(url("project_change", project_a.pk)).context["adminform"].form
    assert list(form.fields["axis"].queryset) == [project_a.axis]


def test_a_project_cannot_be_added_to_another_members_programme(
    login, alice, programme_a, programme_b
):
    client = login(alice)
    data = form_data(client.get(url("project_add")))
    data.update({"programme": programme_b.pk, "number": 7, "title_ar": "مشروع دخيل"})
    response = client.post(url("project_add"), data)
    assert response.status_code == 200
    assert "programme" in response.context["adminform"].form.errors
    assert not Project.objects.filter(number=7).exists()


def test_a_project_cannot_take_an_axis_of_another_member(login, alice, project_a, axis_b):
    client = login(alice)
    data = form_data(client.get(url("project_change", project_a.pk)))
    data["axis"] = axis_b.pk
    response = client.post(url("project_change", project_a.pk), data)
    assert "axis" in response.context["adminform"].form.errors
    project_a.refresh_from_db()
    assert project_a.axis_id != axis_b.pk


def weights_warning(total):
    return gettext("The activity weights add up to %(sum)s %% instead of 100 %%.") % {"sum": total}


def test_the_project_page_warns_when_weights_do_not_add_up_to_100(login, alice, project_a):
    make_activity(project_a, 1, weight=60)
    make_activity(project_a, 2, weight=65)
    response = login(alice).get(url("project_change", project_a.pk))
    assert escape(weights_warning("125")) in response.content.decode()


def test_the_project_page_does_not_warn_when_weights_add_up_to_100(login, alice, project_a):
    make_activity(project_a, 1, weight=50)
    make_activity(project_a, 2, weight=50)
    response = login(alice).get(url("project_change", project_a.pk))
    assert "weight-warning" not in response.content.decode()


def test_saving_a_project_whose_weights_exceed_100_warns_and_keeps_them(login, alice, project_a):
    make_activity(project_a, 1, weight=60)
    make_activity(project_a, 2, weight=65)
    client = login(alice)
    data = form_data(client.get(url("project_change", project_a.pk)))
    data["title_fr"] = "Portail"
    response = client.post(url("project_change", project_a.pk), data, follow=True)
    assert any(weights_warning("125") in message for message in messages_of(response))
    assert sorted(project_a.activities.values_list("weight", flat=True)) == [60, 65]


def test_an_activity_ending_before_it_starts_is_refused_in_the_project_form(
    login, alice, project_a, activity_a
):
    client = login(alice)
    data = form_data(client.get(url("project_change", project_a.pk)))
    data["activities-0-start_date"] = "2024-06-01"
    data["activities-0-end_date"] = "2024-05-01"
    response = client.post(url("project_change", project_a.pk), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "end_date" in formset.errors[0]
    activity_a.refresh_from_db()
    assert activity_a.end_date == datetime.date(2025, 12, 31)


def test_a_focal_point_adds_an_activity_in_the_project_form(login, alice, project_a, activity_a):
    client = login(alice)
    data = form_data(client.get(url("project_change", project_a.pk)))
    data.update(
        {
            "activities-TOTAL_FORMS": "2",
            "activities-1-number": "2",
            "activities-1-title_ar": "ورشة",
            "activities-1-status": ActivityStatus.PLANNED,
            "activities-1-progress": "0",
        }
    )
    assert client.post(url("project_change", project_a.pk), data).status_code == 302
    assert project_a.activities.count() == 2


# Activities -------------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_activities(login, alice, activity_a, activity_b):
    response = login(alice).get(url("activity_changelist"))
    assert changelist_pks(response) == {activity_a.pk}


def test_another_focal_point_cannot_open_the_activity(login, bob, activity_a):
    assert login(bob).get(url("activity_change", activity_a.pk)).status_code == 404


def test_another_focal_point_cannot_change_the_activity(login, alice, bob, activity_a):
    data = form_data(login(alice).get(url("activity_change", activity_a.pk)))
    data["progress"] = "90"
    response = login(bob).post(url("activity_change", activity_a.pk), data)
    assert response.status_code == 404
    activity_a.refresh_from_db()
    assert activity_a.progress == 0


def test_a_committee_member_cannot_change_the_activity(login, alice, charlie, activity_a):
    data = form_data(login(alice).get(url("activity_change", activity_a.pk)))
    data["progress"] = "90"
    response = login(charlie).post(url("activity_change", activity_a.pk), data)
    assert response.status_code == 403
    activity_a.refresh_from_db()
    assert activity_a.progress == 0


def test_the_activity_form_offers_only_the_users_projects(login, alice, project_a, project_b):
    form = login(alice).get(url("activity_add")).context["adminform"].form
    assert list(form.fields["project"].queryset) == [project_a]


def test_the_project_autocomplete_lists_only_the_users_projects(login, alice, project_a, project_b):
    response = login(alice).get(
        reverse("admin:autocomplete"),
        {"app_label": "programmes", "model_name": "activity", "field_name": "project"},
    )
    assert [int(result["id"]) for result in response.json()["results"]] == [project_a.pk]


def test_a_progress_report_updates_the_activity_and_names_its_author(login, alice, activity_a):
    client = login(alice)
    data = form_data(client.get(url("activity_change", activity_a.pk)))
    data.update(
        {
            "progress_updates-TOTAL_FORMS": "1",
            "progress_updates-0-reported_on": "2024-09-30",
            "progress_updates-0-progress": "40",
            "progress_updates-0-status": ActivityStatus.IN_PROGRESS,
            "progress_updates-0-comment": "الورشة الأولى",
        }
    )
    assert client.post(url("activity_change", activity_a.pk), data).status_code == 302
    activity_a.refresh_from_db()
    update = ProgressUpdate.objects.get(activity=activity_a)
    assert (activity_a.progress, activity_a.status) == (40, ActivityStatus.IN_PROGRESS)
    assert update.author == alice


def test_a_progress_above_100_is_refused(login, alice, activity_a):
    client = login(alice)
    data = form_data(client.get(url("activity_change", activity_a.pk)))
    data["progress"] = "120"
    response = client.post(url("activity_change", activity_a.pk), data)
    assert "progress" in response.context["adminform"].form.errors
    activity_a.refresh_from_db()
    assert activity_a.progress == 0


def test_saving_an_activity_outside_the_period_warns_and_keeps_it(login, alice, activity_a):
    client = login(alice)
    data = form_data(client.get(url("activity_change", activity_a.pk)))
    data["end_date"] = "2026-03-31"
    response = client.post(url("activity_change", activity_a.pk), data, follow=True)
    assert any("2024-2025" in message for message in messages_of(response))
    activity_a.refresh_from_db()
    assert activity_a.end_date == datetime.date(2026, 3, 31)


# Indicators -------------------------------------------------------------------------------------


@pytest.fixture
def indicator_a(project_a):
    return Indicator.objects.create(project=project_a, kind=IndicatorKind.TRACKING, label_ar="أ")


@pytest.fixture
def indicator_b(project_b):
    return Indicator.objects.create(project=project_b, kind=IndicatorKind.TRACKING, label_ar="ب")


def test_a_focal_point_lists_only_its_members_indicators(login, alice, indicator_a, indicator_b):
    response = login(alice).get(url("indicator_changelist"))
    assert changelist_pks(response) == {indicator_a.pk}


def test_a_focal_point_records_a_measurement(login, alice, indicator_a):
    client = login(alice)
    data = form_data(client.get(url("indicator_change", indicator_a.pk)))
    data.update(
        {
            "measurements-TOTAL_FORMS": "1",
            "measurements-0-measured_on": "2024-12-31",
            "measurements-0-value": "12",
        }
    )
    assert client.post(url("indicator_change", indicator_a.pk), data).status_code == 302
    assert indicator_a.measurements.get().value == 12


def test_another_focal_point_cannot_change_the_indicator(login, alice, bob, indicator_a):
    data = form_data(login(alice).get(url("indicator_change", indicator_a.pk)))
    data["label_ar"] = "بوب"
    response = login(bob).post(url("indicator_change", indicator_a.pk), data)
    assert response.status_code == 404
    indicator_a.refresh_from_db()
    assert indicator_a.label_ar == "أ"


# Partners ---------------------------------------------------------------------------------------


@pytest.fixture
def shared_partner(db):
    return Partner.objects.create(name_ar="المديرية العامة للجماعات الترابية")


@pytest.fixture
def partner_a(beni_ensar):
    return Partner.objects.create(name_ar="جمعية بني انصار", member=beni_ensar)


@pytest.fixture
def partner_b(larache):
    return Partner.objects.create(name_ar="جمعية العرائش", member=larache)


def test_a_focal_point_lists_shared_partners_and_its_own(
    login, alice, shared_partner, partner_a, partner_b
):
    response = login(alice).get(url("partner_changelist"))
    assert changelist_pks(response) == {shared_partner.pk, partner_a.pk}


def test_the_partner_autocomplete_lists_shared_partners_and_the_users_own(
    login, alice, shared_partner, partner_a, partner_b
):
    response = login(alice).get(
        reverse("admin:autocomplete"),
        {"app_label": "programmes", "model_name": "projectpartner", "field_name": "partner"},
    )
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {shared_partner.pk, partner_a.pk}


def test_a_focal_point_changes_its_members_partner(login, alice, partner_a):
    client = login(alice)
    data = form_data(client.get(url("partner_change", partner_a.pk)))
    data["name_fr"] = "Association de Beni Ensar"
    assert client.post(url("partner_change", partner_a.pk), data).status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.name_fr == "Association de Beni Ensar"


def test_a_focal_point_cannot_change_a_shared_partner(login, alice, diana, shared_partner):
    data = form_data(login(diana).get(url("partner_change", shared_partner.pk)))
    data["name_fr"] = "DGCT"
    response = login(alice).post(url("partner_change", shared_partner.pk), data)
    assert response.status_code == 403
    shared_partner.refresh_from_db()
    assert shared_partner.name_fr in ("", None)


def test_network_staff_change_a_shared_partner(login, diana, shared_partner):
    client = login(diana)
    data = form_data(client.get(url("partner_change", shared_partner.pk)))
    data["name_fr"] = "DGCT"
    assert client.post(url("partner_change", shared_partner.pk), data).status_code == 302
    shared_partner.refresh_from_db()
    assert shared_partner.name_fr == "DGCT"


def test_another_focal_point_cannot_open_the_partner(login, bob, partner_a):
    assert login(bob).get(url("partner_change", partner_a.pk)).status_code == 404


def test_a_focal_point_adds_a_partner_for_its_member(login, alice, beni_ensar):
    login(alice).post(
        url("partner_add"),
        {"name_ar": "جامعة محمد الأول", "kind": "university", "member": beni_ensar.pk},
    )
    assert Partner.objects.get(name_ar="جامعة محمد الأول").member == beni_ensar


def test_a_focal_point_cannot_add_a_shared_partner(login, alice):
    response = login(alice).post(
        url("partner_add"), {"name_ar": "جامعة محمد الأول", "kind": "university", "member": ""}
    )
    assert "member" in response.context["adminform"].form.errors
    assert not Partner.objects.exists()


def test_a_focal_point_cannot_add_a_partner_for_another_member(login, alice, larache):
    response = login(alice).post(
        url("partner_add"), {"name_ar": "جمعية دخيلة", "kind": "association", "member": larache.pk}
    )
    assert "member" in response.context["adminform"].form.errors
    assert not Partner.objects.filter(name_ar="جمعية دخيلة").exists()


def test_a_project_cannot_take_another_members_partner(login, alice, project_a, partner_b):
    client = login(alice)
    data = form_data(client.get(url("project_change", project_a.pk)))
    data.update({"project_partners-TOTAL_FORMS": "1", "project_partners-0-partner": partner_b.pk})
    response = client.post(url("project_change", project_a.pk), data)
    assert response.status_code == 200
    assert not project_a.project_partners.exists()


# Every page opens -------------------------------------------------------------------------------

MODELS = ("programme", "axis", "project", "activity", "indicator", "partner")
AUDITED = ("programme", "axis", "project", "activity")
IMPORTED = ("axis", "project", "activity")


@pytest.fixture
def objects_a(programme_a, axis_a, project_a, activity_a, indicator_a, partner_a):
    return {
        "programme": programme_a,
        "axis": axis_a,
        "project": project_a,
        "activity": activity_a,
        "indicator": indicator_a,
        "partner": partner_a,
    }


@pytest.mark.parametrize("model", MODELS)
def test_every_page_of_a_model_opens_for_a_focal_point(login, alice, objects_a, model):
    client = login(alice)
    pk = objects_a[model].pk
    pages = [url(f"{model}_changelist"), url(f"{model}_add"), url(f"{model}_change", pk)]
    if model in AUDITED:
        pages.append(url(f"{model}_history", pk))
    if model in IMPORTED:
        pages += [url(f"{model}_import"), url(f"{model}_export")]
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)


@pytest.mark.parametrize("model", MODELS)
def test_a_committee_member_reads_every_model(login, charlie, objects_a, model):
    client = login(charlie)
    pk = objects_a[model].pk
    pages = [url(f"{model}_changelist"), url(f"{model}_change", pk)]
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)


@pytest.mark.parametrize("model", MODELS)
def test_another_focal_point_cannot_open_any_model(login, bob, objects_a, model):
    client = login(bob)
    pk = objects_a[model].pk
    pages = [url(f"{model}_change", pk), url(f"{model}_delete", pk)]
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 404)
