"""The admin of what a programme document publishes: figures per axis, programme partners,
the committee's composition and programme, ideas on paper per station, workshops without a
date. Scoped like everything else: each allowed access has its denied twin. Fixtures in
tests/consultations/conftest.py (alice: Beni Ensar, bob: Larache, diana: staff)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import DeclaredAxisFigures, Event, Idea
from programmes.models import Committee

from ..programmes.helpers import make_programme
from .helpers import make_event
from .test_admin import add_data, changelist_pks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


@pytest.fixture
def figures_a(axis_a):
    return DeclaredAxisFigures.objects.create(axis=axis_a, ideas_in_person=12)


@pytest.fixture
def figures_b(axis_b):
    return DeclaredAxisFigures.objects.create(axis=axis_b, ideas_online=3)


# Published figures per axis --------------------------------------------------------------------


def test_a_focal_point_lists_its_members_axis_figures_only(login, alice, figures_a, figures_b):
    response = login(alice).get(admin_url("consultations_declaredaxisfigures_changelist"))
    assert response.status_code == 200
    assert changelist_pks(response) == {figures_a.pk}


def test_the_list_says_not_given_for_an_empty_figure(login, alice, figures_a):
    html = login(alice).get(admin_url("consultations_declaredaxisfigures_changelist")).text
    assert ">12<" in html
    assert translation.gettext("not given") in html


def test_a_focal_point_types_the_figures_of_its_axis(login, alice, axis_a):
    response = login(alice).post(
        admin_url("consultations_declaredaxisfigures_add"),
        {"axis": axis_a.pk, "ideas_in_person": "20", "ideas_accepted": "5"},
    )
    assert response.status_code == 302
    figures = DeclaredAxisFigures.objects.get(axis=axis_a)
    assert (figures.ideas_in_person, figures.ideas_online, figures.ideas_accepted) == (20, None, 5)


def test_a_focal_point_cannot_type_figures_for_another_members_axis(login, alice, axis_b):
    response = login(alice).post(
        admin_url("consultations_declaredaxisfigures_add"),
        {"axis": axis_b.pk, "ideas_in_person": "20"},
    )
    assert response.status_code == 200
    assert "axis" in response.context["adminform"].form.errors
    assert not DeclaredAxisFigures.objects.exists()


def test_a_focal_point_opens_its_own_figures(login, alice, figures_a):
    url = admin_url("consultations_declaredaxisfigures_change", figures_a.pk)
    assert login(alice).get(url).status_code == 200


def test_another_members_figures_answer_404(login, alice, figures_b):
    url = admin_url("consultations_declaredaxisfigures_change", figures_b.pk)
    assert login(alice).get(url).status_code == 404


def test_a_committee_member_reads_but_cannot_change_the_figures(login, charlie, figures_a):
    client = login(charlie)
    url = admin_url("consultations_declaredaxisfigures_change", figures_a.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"axis": figures_a.axis_id, "ideas_in_person": "99"})
    assert response.status_code == 403
    figures_a.refresh_from_db()
    assert figures_a.ideas_in_person == 12


# Stations: ideas on paper ----------------------------------------------------------------------


def test_the_station_form_has_the_published_ideas_on_paper(login, alice, station_a):
    response = login(alice).get(admin_url("consultations_station_change", station_a.pk))
    assert "declared_ideas_on_paper" in response.context["adminform"].form.fields


def test_another_members_station_answers_404(login, alice, station_b):
    response = login(alice).get(admin_url("consultations_station_change", station_b.pk))
    assert response.status_code == 404


# Workshops without a date ----------------------------------------------------------------------


def test_an_idea_of_a_workshop_without_a_date_takes_its_stations_first_day(
    login, alice, programme_a, station_a
):
    event = make_event(station_a, title_ar="ورشة", starts_at=None)
    response = login(alice).post(admin_url("consultations_idea_add"), add_data(programme_a, event))
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert timezone.localtime(idea.submitted_at).date() == station_a.starts_on


def test_workshops_without_a_date_come_last_in_the_list(login, alice, station_a):
    dated = make_event(station_a, title_ar="مؤرخة")
    undated = make_event(station_a, title_ar="بدون تاريخ", starts_at=None)
    response = login(alice).get(admin_url("consultations_event_changelist"))
    assert [event.pk for event in response.context["cl"].result_list] == [dated.pk, undated.pk]


def test_another_members_workshops_are_not_listed(login, bob, station_a):
    make_event(station_a, starts_at=None)
    response = login(bob).get(admin_url("consultations_event_changelist"))
    assert list(response.context["cl"].result_list) == []


def test_the_workshop_list_shows_no_share_without_the_figures(login, alice, station_a):
    make_event(station_a, participants=None, women=None)
    html = login(alice).get(admin_url("consultations_event_changelist")).text
    assert "0\u202f%" not in html
    assert Event.objects.count() == 1


# Programme partners and the committee ---------------------------------------------------------


def test_the_programme_form_has_its_partners_inline(login, alice, programme_a):
    response = login(alice).get(admin_url("programmes_programme_change", programme_a.pk))
    models = [inline.formset.model.__name__ for inline in response.context["inline_admin_formsets"]]
    assert "ProgrammePartner" in models


def test_another_members_programme_answers_404(login, alice, programme_b):
    response = login(alice).get(admin_url("programmes_programme_change", programme_b.pk))
    assert response.status_code == 404


def test_the_programme_list_says_budgets_are_to_be_determined(login, alice, programme_a):
    from ..programmes.helpers import make_project

    make_project(programme_a, 1)
    html = login(alice).get(admin_url("programmes_programme_changelist")).text
    assert translation.gettext("to be determined") in html


def test_the_committee_offers_only_its_members_programmes(login, alice, beni_ensar, larache):
    own = make_programme(beni_ensar, 2024, 2025)
    make_programme(larache, 2024, 2025)
    committee = Committee.objects.create(member=beni_ensar, name_ar="لجنة")
    response = login(alice).get(admin_url("programmes_committee_change", committee.pk))
    form = response.context["adminform"].form
    assert list(form.fields["programme"].queryset) == [own]
    assert "composition_ar" in form.fields


def test_a_committee_cannot_follow_another_members_programme(login, diana, beni_ensar, larache):
    other = make_programme(larache, 2024, 2025)
    response = login(diana).post(
        admin_url("programmes_committee_add"),
        {
            "member": beni_ensar.pk,
            "programme": other.pk,
            "name_ar": "لجنة",
            "decided_on": datetime.date(2024, 1, 1).isoformat(),
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
            "meetings-TOTAL_FORMS": "0",
            "meetings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "programme" in response.context["adminform"].form.errors
    assert not Committee.objects.exists()


def test_another_members_committee_answers_404(login, alice, larache):
    committee = Committee.objects.create(member=larache, name_ar="لجنة")
    response = login(alice).get(admin_url("programmes_committee_change", committee.pk))
    assert response.status_code == 404
