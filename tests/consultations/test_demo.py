"""The consultations' demonstration data (``consultations/demo.py``), loaded by ``load_demo``."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from consultations import selectors, services
from consultations.demo import LIVE_DEMO_SLUG, demo_code
from consultations.models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Channel,
    Contribution,
    Event,
    Fate,
    Idea,
    Moderation,
    Observation,
    OnlineInput,
    Station,
    StationKind,
)
from programmes.models import Axis, Programme, ProgrammeStatus, Project

pytestmark = pytest.mark.django_db

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


@pytest.fixture
def demo(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def beni_ensar():
    return Programme.objects.get(member__slug="beni-ensar", first_year=2024, last_year=2025)


def live_demo():
    return Programme.objects.get(member__slug=LIVE_DEMO_SLUG)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Programme, Axis, Project, Station, Event, Idea, Observation)
    } | {"idea projects": Idea.projects.through.objects.count()}


def test_loading_twice_creates_nothing_new(demo, capsys):
    before = counts()
    call_command("load_demo")
    assert counts() == before
    assert "(0 rows new)" in capsys.readouterr().out


def test_beni_ensar_figures_are_represented_by_rows(demo):
    total, per_station = selectors.programme_figures(beni_ensar())
    assert (total.ideas, total.ideas_in_person, total.ideas_online) == (94, 36, 58)
    assert total.observations == 62
    assert total.projects_from_ideas == 9
    assert total.declared == set()
    assert "Beni Ensar 2024-2025: 94 ideas (36 in person, 58 online)" in demo
    assert "62 observations" in demo


def test_beni_ensar_ideas_have_their_fate(demo):
    ideas = Idea.objects.filter(programme=beni_ensar())
    assert not ideas.exclude(moderation=Moderation.PUBLISHED).exists()
    assert not ideas.filter(axis__isnull=True).exists()
    accepted = ideas.filter(fate=Fate.ACCEPTED)
    assert accepted.count() > 60
    assert not accepted.filter(projects__isnull=True).exists()
    assert set(accepted.values_list("projects__number", flat=True)) == set(range(1, 10))
    for idea in accepted.prefetch_related("projects"):
        assert {project.axis_id for project in idea.projects.all()} == {idea.axis_id}
    rejected = ideas.filter(fate__in=[Fate.REJECTED, Fate.OUT_OF_COMPETENCE])
    assert rejected.filter(fate=Fate.OUT_OF_COMPETENCE).exists()
    assert rejected.exists()
    for idea in rejected:
        assert idea.fate_reason_ar and idea.fate_reason_fr
        assert not idea.projects.exists()
    merged = ideas.filter(fate=Fate.MERGED)
    assert merged.exists()
    for idea in merged.select_related("merged_into"):
        assert idea.merged_into.programme_id == idea.programme_id
        assert idea.merged_into.tracking_code < idea.tracking_code  # the later one is merged
    # The sheet of project 1 repeats a line: the second one was merged into the first.
    site = ideas.filter(title="التحسيس والتوعية بوجود الموقع").order_by("tracking_code")
    assert [idea.fate for idea in site] == [Fate.ACCEPTED, Fate.MERGED]
    assert site[1].merged_into == site[0]


def test_beni_ensar_observations_are_published_and_mostly_answered(demo):
    observations = Observation.objects.filter(project__programme=beni_ensar())
    assert not observations.exclude(moderation=Moderation.PUBLISHED).exists()
    answered = observations.filter(answered_at__isnull=False)
    assert answered.count() > observations.count() / 2
    for observation in answered:
        assert observation.answer_ar and observation.answer_fr
    for observation in observations.filter(answered_at__isnull=True):
        assert not observation.answer_ar
    assert observations.values("aspect").distinct().count() >= 5
    assert observations.values("project").distinct().count() == 9
    assert set(observations.values_list("station__kind", flat=True)) == {
        StationKind.DRAFT_CONSULTATION
    }


def test_beni_ensar_stations_keep_the_dates_of_the_seed_and_invent_none(demo):
    stations = {station.kind: station for station in beni_ensar().stations.all()}
    information = stations[StationKind.INFORMATION_MEETING]
    assert information.starts_on == datetime.date(2022, 12, 21)
    assert "وجدة" in information.place_ar
    assert stations[StationKind.COMMITTEE_SETUP].starts_on == datetime.date(2023, 2, 15)
    workshop = stations[StationKind.COCREATION_WORKSHOP]
    assert (workshop.starts_on, workshop.ends_on) == (datetime.date(2023, 4, 18), None)
    assert stations[StationKind.DRAFT_CONSULTATION].starts_on == datetime.date(2023, 7, 20)
    analysis = stations[StationKind.COMMITTEE_ANALYSIS]
    assert (analysis.starts_on, analysis.ends_on) == (None, None)
    assert not beni_ensar().stations.exclude(online_input="").exists()
    event = Event.objects.get(station=workshop)
    assert event.participants is None  # "more than fifty" is not a count
    assert "خمسين" in event.minutes_ar


def test_larache_programme_stations_and_first_meeting(demo):
    programme = Programme.objects.get(member__slug="larache", first_year=2024, last_year=2025)
    assert programme.status == ProgrammeStatus.CONSULTATION
    assert list(programme.axes.values_list("title_ar", flat=True)) == [
        "التسويق الترابي",
        "التواصل",
        "خدمات ذات جودة",
        "التنمية الاجتماعية",
    ]
    assert set(programme.projects.values_list("title_ar", flat=True)) == {
        "تجويد آليات التواصل",
        "اعداد دليل ترويجي لابراز مؤهلات جماعة العرائش",
        "الصيانة و المحافظة على المناطق الخضراء",
        "ميزانية المواطن",
        "الميزانية التشاركية",
    }
    assert not programme.projects.filter(estimated_budget__isnull=False).exists()
    days = [
        (station.kind, station.starts_on, station.ends_on)
        for station in programme.stations.ordered()
    ]
    assert (StationKind.INFORMATION_MEETING, datetime.date(2022, 12, 6)) in [d[:2] for d in days]
    assert (
        StationKind.IDEA_COLLECTION,
        datetime.date(2023, 6, 12),
        datetime.date(2023, 6, 19),
    ) in days
    assert (StationKind.COUNCIL_ADOPTION, None, None) in days  # "October 2023": month only
    total, _ = selectors.programme_figures(programme)
    assert (total.participants, total.women, total.associations) == (70, 40, 18)


@pytest.mark.parametrize("day", [datetime.date(2027, 3, 10), datetime.date(2030, 12, 28)])
def test_the_demo_consultation_is_open_on_the_day_it_is_loaded(day, capsys):
    late_evening = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=CASABLANCA)
    with time_machine.travel(late_evening, tick=False):
        call_command("load_demo")
        programme = live_demo()
        assert (programme.first_year, programme.status) == (day.year, "consultation")
        assert "عرض توضيحي" in programme.title_ar
        assert "démonstration" in programme.title_fr and "démonstration" in programme.summary_fr
        ideas = Station.objects.filter(programme=programme).open_for(OnlineInput.IDEAS)
        assert ideas.get().ends_on == day + datetime.timedelta(days=14)
        assert Station.objects.filter(programme=programme).open_for(OnlineInput.OBSERVATIONS)
        upcoming = Station.objects.filter(programme=programme, starts_on__gt=day)
        assert upcoming.filter(kind=StationKind.COUNCIL_ADOPTION).exists()
        idea = services.submit_idea(
            programme=programme,
            data={"title": "فكرة", "body": "نص الفكرة", "submitter_kind": "citizen"},
        )
        assert idea.channel == Channel.ONLINE
    assert f"/ar/members/{LIVE_DEMO_SLUG}/ideas/new/" in capsys.readouterr().out


def test_reloading_later_moves_the_demo_dates_and_adds_nothing(capsys):
    with time_machine.travel(datetime.datetime(2027, 3, 10, 12, tzinfo=CASABLANCA)):
        call_command("load_demo")
    before = counts()
    later = datetime.date(2028, 1, 5)
    with time_machine.travel(datetime.datetime(2028, 1, 5, 12, tzinfo=CASABLANCA)):
        call_command("load_demo")
        assert Station.objects.filter(programme=live_demo()).open_for(OnlineInput.IDEAS).exists()
    assert counts() == before
    assert (live_demo().first_year, live_demo().last_year) == (2028, 2029)
    assert Station.objects.filter(programme=live_demo()).open_on(later).count() == 2
    published = Idea.objects.filter(programme=live_demo(), moderation=Moderation.PUBLISHED)
    assert published.count() >= 3


def test_demo_rows_hold_no_personal_data_and_valid_tracking_codes(demo):
    for model in (Idea, Observation):
        rows = model.objects.all()
        assert rows.exists()
        for field in Contribution.PERSONAL_FIELDS:
            assert not rows.exclude(**{field: ""}).exists(), (model.__name__, field)
        for code in rows.values_list("tracking_code", flat=True):
            assert len(code) == TRACKING_LENGTH
            assert set(code) <= set(TRACKING_ALPHABET)
    assert demo_code("BNSR", 1) == "BNSR2223"
    assert Idea.objects.get(tracking_code="BNSR2223").programme == beni_ensar()
