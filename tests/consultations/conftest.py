"""Consultation data of two members for the admin, export and import tests: A is Beni Ensar
(alice focal point, charlie committee member), B is Larache (bob focal point); diana is network
staff (see tests/conftest.py). Ideas arrive online on 24 November 2026, while the idea station
is open."""

import pytest

from consultations.models import Channel, ObservationAspect, SubmitterKind
from consultations.services import submit_observation
from programmes.models import Axis

from ..programmes.helpers import make_programme, make_project
from .helpers import make_event, make_idea, make_station


@pytest.fixture
def programme_a(beni_ensar):
    return make_programme(beni_ensar)


@pytest.fixture
def programme_b(larache):
    return make_programme(larache)


@pytest.fixture
def axis_a(programme_a):
    return Axis.objects.create(programme=programme_a, number=1, title_ar="النقل المدرسي")


@pytest.fixture
def axis_b(programme_b):
    return Axis.objects.create(programme=programme_b, number=1, title_ar="الرقمنة")


@pytest.fixture
def project_a(programme_a, axis_a):
    return make_project(programme_a, 1, axis=axis_a, title_ar="حافلة مدرسية")


@pytest.fixture
def project_b(programme_b, axis_b):
    return make_project(programme_b, 1, axis=axis_b, title_ar="شباك رقمي")


@pytest.fixture
def station_a(programme_a):
    return make_station(programme_a, title_ar="استشارة بني انصار")


@pytest.fixture
def station_b(programme_b):
    return make_station(programme_b, title_ar="استشارة العرائش")


@pytest.fixture
def event_a(station_a):
    return make_event(station_a, title_ar="ورشة بني انصار", title_fr="Atelier de Beni Ensar")


@pytest.fixture
def event_b(station_b):
    return make_event(station_b, title_ar="ورشة العرائش", title_fr="Atelier de Larache")


@pytest.fixture
def idea_a(station_a, axis_a):
    return make_idea(
        station_a.programme,
        axis=axis_a,
        name="Fatima Citoyenne",
        email="fatima.a@example.ma",
        phone="0600000001",
    )


@pytest.fixture
def idea_b(station_b):
    return make_idea(
        station_b.programme,
        title="Guichet numérique",
        body="Un guichet numérique pour les actes administratifs.",
        email="karim.b@example.ma",
    )


@pytest.fixture
def observation_a(project_a, event_a):
    return submit_observation(
        project=project_a,
        data={
            "aspect": ObservationAspect.FUNDING,
            "body": "Prévoir un partenariat avec la province pour le financement.",
            "submitter_kind": SubmitterKind.CITIZEN,
            "email": "observer.a@example.ma",
        },
        channel=Channel.PAPER,
        event=event_a,
    )


@pytest.fixture
def observation_b(project_b, event_b):
    return submit_observation(
        project=project_b,
        data={
            "aspect": ObservationAspect.PROBLEM,
            "body": "Le guichet doit fonctionner le samedi.",
            "submitter_kind": SubmitterKind.CITIZEN,
        },
        channel=Channel.PAPER,
        event=event_b,
    )
