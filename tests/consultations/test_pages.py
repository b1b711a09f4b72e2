"""Public pages of consultations: the tracking page, the list of ideas and their fate, the
stations and figures on the programme page, observations on the project page, the member page's
section; personal data never shown; constant query counts."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.models import Channel, Fate, Idea, StationKind
from consultations.templatetags.consultation_tags import Bar, bars
from tests.factories import UserFactory

from ..programmes.helpers import make_member, make_programme, make_project
from .helpers import IDEA_DATA, make_event, make_idea, make_station

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
OPEN_DAY = datetime.date(2026, 11, 24)  # make_station(): 20 to 30 November 2026

PERSONAL = {
    "name": "أمينة الريفي",
    "email": "amina.private@example.org",
    "phone": "0612345678",
    "association_name": "جمعية سرية للتجربة",
}


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def on(day, hour=12):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=CASABLANCA), tick=False
    )


def url(name, language="ar", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def programme_url(programme, language="ar"):
    return url(
        "programmes:programme_detail",
        language,
        slug=programme.member.slug,
        period=programme.period,
    )


def project_url(project, language="ar"):
    return url(
        "programmes:project_detail",
        language,
        slug=project.programme.member.slug,
        period=project.programme.period,
        number=project.number,
    )


def count_queries(client, page_url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def diana(db):
    return UserFactory(username="diana")


@pytest.fixture
def programme():
    return make_programme(make_member())


@pytest.fixture
def station(programme):
    return make_station(programme)


def published_idea(programme, diana, **data):
    idea = make_idea(programme, **data)
    return services.publish(idea, user=diana)


# The tracking page -----------------------------------------------------------------------------


def test_the_tracking_page_shows_the_code_the_text_and_awaiting_moderation(client, station):
    idea = make_idea(station.programme)
    response = client.get(url("consultations:idea_tracking", code=idea.tracking_code))
    assert response.status_code == 200
    assert idea.tracking_code in response.text
    assert IDEA_DATA["body"] in response.text
    assert 'class="moderation-badge moderation-pending"' in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_the_tracking_page_accepts_the_code_in_lower_case_with_spaces(client, station):
    idea = make_idea(station.programme)
    typed = f"{idea.tracking_code[:4].lower()} {idea.tracking_code[4:].lower()}"
    response = client.get(url("consultations:tracking_lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/ar/ideas/{idea.tracking_code}/"
    lower = client.get(url("consultations:idea_tracking", code=idea.tracking_code.lower()))
    assert lower["Location"] == f"/ar/ideas/{idea.tracking_code}/"


def test_the_tracking_page_is_404_for_an_unknown_code(client, station):
    assert client.get(url("consultations:idea_tracking", code="ZZZZZZZZ")).status_code == 404
    lookup = client.get(url("consultations:tracking_lookup"), {"code": "ZZZZZZZZ"})
    assert lookup.status_code == 404


def test_the_tracking_page_shows_the_fate_and_its_reason(client, station, diana):
    idea = published_idea(station.programme, diana)
    services.decide_fate(
        idea,
        fate=Fate.OUT_OF_COMPETENCE,
        user=diana,
        reason="النقل المدرسي من اختصاص المجلس الإقليمي.",
    )
    response = client.get(url("consultations:idea_tracking", code=idea.tracking_code))
    assert 'class="fate-badge fate-out_of_competence"' in response.text
    assert "النقل المدرسي من اختصاص المجلس الإقليمي." in response.text


def test_the_tracking_page_links_the_projects_an_idea_became(client, station, diana):
    project = make_project(station.programme, 4, title_ar="حافلة النقل المدرسي")
    idea = published_idea(station.programme, diana)
    services.decide_fate(idea, fate=Fate.ACCEPTED, user=diana, projects=[project])
    response = client.get(url("consultations:idea_tracking", code=idea.tracking_code))
    assert f'href="{project_url(project)}"' in response.text
    assert "حافلة النقل المدرسي" in response.text


def test_the_tracking_page_links_the_idea_it_was_merged_into(client, station, diana):
    target = published_idea(station.programme, diana, title="حافلات لكل الدواوير")
    idea = published_idea(station.programme, diana)
    services.decide_fate(idea, fate=Fate.MERGED, user=diana, merged_into=target)
    response = client.get(url("consultations:idea_tracking", code=idea.tracking_code))
    list_url = url("consultations:idea_list", slug="beni-ensar")
    assert f'href="{list_url}?idea={target.pk}#idea-{target.pk}"' in response.text
    assert "حافلات لكل الدواوير" in response.text


def test_a_hidden_idea_shows_its_status_but_neither_its_text_nor_the_moderators_reason(
    client, station, diana
):
    idea = services.hide(make_idea(station.programme), reason="ذكر اسم موظف ورقم هاتفه", user=diana)
    response = client.get(url("consultations:idea_tracking", code=idea.tracking_code))
    assert response.status_code == 200
    assert "مخفية من الصفحات العمومية" in response.text
    assert "ذكر اسم موظف ورقم هاتفه" not in response.text
    assert IDEA_DATA["body"] not in response.text


def test_the_tracking_page_of_an_observation_shows_the_public_answer(client, programme, diana):
    project = make_project(programme, 2)
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    observation = services.submit_observation(
        project=project,
        data={"aspect": "funding", "body": "شراكة مع الجهة", "submitter_kind": "citizen"},
        day=OPEN_DAY,
    )
    services.answer_observation(observation, answer="أضيفت الجهة إلى الشركاء.", user=diana)
    response = client.get(url("consultations:idea_tracking", code=observation.tracking_code))
    assert response.status_code == 200
    assert "أضيفت الجهة إلى الشركاء." in response.text
    assert f'href="{project_url(project)}"' in response.text


# The list of ideas -----------------------------------------------------------------------------


def test_the_list_shows_published_ideas_only_with_their_count(client, station, diana):
    published_idea(station.programme, diana, title="فكرة منشورة")
    make_idea(station.programme, title="فكرة في الانتظار")
    response = client.get(url("consultations:idea_list", slug="beni-ensar"))
    assert "فكرة منشورة" in response.text
    assert "فكرة في الانتظار" not in response.text
    assert response.context["page"].paginator.count == 1


def test_the_list_shows_the_fate_the_reason_and_the_projects(client, station, diana):
    project = make_project(station.programme, 2, title_ar="مشروع النقل")
    accepted = published_idea(station.programme, diana, title="مقبولة")
    services.decide_fate(
        accepted, fate=Fate.ACCEPTED, user=diana, projects=[project], reason="أدمجت في المشروع 2"
    )
    response = client.get(url("consultations:idea_list", slug="beni-ensar"))
    assert 'class="fate-badge fate-accepted"' in response.text
    assert "أدمجت في المشروع 2" in response.text
    assert f'href="{project_url(project)}"' in response.text


def test_the_list_filters_by_axis_channel_and_fate(client, station, diana):
    programme = station.programme
    transport = programme.axes.create(number=1, title_ar="النقل")
    published_idea(programme, diana, title="على المحور", axis=transport)
    published_idea(programme, diana, title="بدون محور")
    paper = services.submit_idea(
        programme=programme, data={**IDEA_DATA, "title": "ورقية"}, channel=Channel.PAPER
    )
    services.publish(paper, user=diana)
    rejected = published_idea(programme, diana, title="مرفوضة")
    services.decide_fate(rejected, fate=Fate.REJECTED, user=diana, reason="مكلفة جدا")
    list_url = url("consultations:idea_list", slug="beni-ensar")

    def titles(**params):
        response = client.get(list_url, params)
        return sorted(idea.title for idea in response.context["page"].object_list)

    assert titles(axis=transport.pk) == ["على المحور"]
    assert titles(channel="paper") == ["ورقية"]
    assert titles(fate="rejected") == ["مرفوضة"]
    assert len(titles(fate="nonsense")) == 4


def test_the_list_shows_one_idea_alone_when_linked_to_it(client, station, diana):
    target = published_idea(station.programme, diana, title="الهدف")
    published_idea(station.programme, diana, title="أخرى")
    response = client.get(url("consultations:idea_list", slug="beni-ensar"), {"idea": target.pk})
    assert [idea.title for idea in response.context["page"].object_list] == ["الهدف"]
    assert f'id="idea-{target.pk}"' in response.text


def test_the_list_is_404_for_an_unknown_member(client, db):
    assert client.get("/ar/members/nowhere/ideas/").status_code == 404


def test_the_list_runs_as_many_queries_for_30_ideas_as_for_3(client, station, diana):
    programme = station.programme
    project = make_project(programme, 1)
    axis = programme.axes.get()
    larache = make_programme(make_member(slug="larache", name="العرائش"))
    make_station(larache)
    larache_project = make_project(larache, 1)
    for target_programme, target_project, count in (
        (programme, project, 3),
        (larache, larache_project, 30),
    ):
        target_axis = target_programme.axes.get()
        for number in range(count):
            idea = published_idea(target_programme, diana, title=f"فكرة {number}", axis=target_axis)
            services.decide_fate(idea, fate=Fate.ACCEPTED, user=diana, projects=[target_project])
    assert axis is not None
    small = count_queries(client, url("consultations:idea_list", slug="beni-ensar"))
    large = count_queries(client, url("consultations:idea_list", slug="larache"))
    assert small == large


# Personal data never shown ---------------------------------------------------------------------


def test_a_submitters_personal_data_never_appears_on_public_pages(client, station, diana):
    programme = station.programme
    project = make_project(programme, 1)
    idea = make_idea(
        programme, submitter_kind="association", gender="woman", age_band="30_44", **PERSONAL
    )
    services.publish(idea, user=diana)
    services.decide_fate(idea, fate=Fate.ACCEPTED, user=diana, projects=[project])
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    observation = services.submit_observation(
        project=project,
        data={"aspect": "problem", "body": "ملاحظة", "submitter_kind": "association", **PERSONAL},
        day=OPEN_DAY,
    )
    services.publish(observation, user=diana)
    pages = [
        url("consultations:idea_list", slug="beni-ensar"),
        url("consultations:idea_tracking", code=idea.tracking_code),
        url("consultations:idea_tracking", code=observation.tracking_code),
        programme_url(programme),
        project_url(project),
        url("network:member_detail", slug="beni-ensar"),
    ]
    with on(OPEN_DAY):
        for page_url in pages:
            response = client.get(page_url)
            assert response.status_code == 200, page_url
            for value in PERSONAL.values():
                assert value not in response.text, (page_url, value)


def test_citizen_text_is_escaped_never_rendered_as_html(client, station, diana):
    published_idea(station.programme, diana, title="<script>alert(1)</script>", body="<b>x</b>")
    response = client.get(url("consultations:idea_list", slug="beni-ensar"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<b>x</b>" not in response.text


# The programme page ----------------------------------------------------------------------------


def test_the_programme_page_shows_the_stations_in_order_with_moroccan_dates(client, programme):
    make_station(
        programme,
        kind=StationKind.INFORMATION_MEETING,
        starts_on=datetime.date(2022, 12, 6),
        ends_on=datetime.date(2022, 12, 6),
        online_input="",
        position=1,
    )
    make_station(
        programme,
        kind=StationKind.DRAFT_CONSULTATION,
        starts_on=datetime.date(2023, 7, 25),
        ends_on=datetime.date(2023, 7, 25),
        online_input="",
        position=2,
    )
    with on(OPEN_DAY):
        response = client.get(programme_url(programme))
    text = response.text
    assert "06 دجنبر 2022" in text and "25 يوليوز 2023" in text
    assert text.index("06 دجنبر 2022") < text.index("25 يوليوز 2023")


def test_the_open_station_is_highlighted_with_its_countdown_and_a_call_to_action(client, station):
    with on(datetime.date(2026, 11, 28)):
        response = client.get(programme_url(station.programme, "fr"))
    html = response.text
    assert 'class="station station-open" aria-current="step"' in html
    assert "30 novembre 2026" in html
    with translation.override("fr"):
        three_days = translation.ngettext("%(days)s day left", "%(days)s days left", 3) % {
            "days": 3
        }
    assert three_days in html
    assert f'href="{url("consultations:idea_new", "fr", slug="beni-ensar")}"' in html


def test_the_last_day_of_the_station_says_so(client, station):
    with on(datetime.date(2026, 11, 30)):
        response = client.get(programme_url(station.programme, "fr"))
    with translation.override("fr"):
        assert translation.gettext("last day") in response.text


def test_no_call_to_action_once_the_station_closed(client, station):
    with on(datetime.date(2026, 12, 1)):
        response = client.get(programme_url(station.programme))
    assert url("consultations:idea_new", slug="beni-ensar") not in response.text
    assert "station-past" in response.text


def test_the_programme_page_shows_the_published_figures_and_marks_them(client, programme):
    workshop = make_station(
        programme,
        kind=StationKind.COCREATION_WORKSHOP,
        starts_on=datetime.date(2023, 3, 21),
        ends_on=datetime.date(2023, 3, 21),
        online_input="",
        declared_ideas_in_person=20,
        declared_ideas_online=9,
        declared_ideas_accepted=28,
        declared_projects=5,
    )
    make_event(workshop, participants=51, women=15, associations=27, administration=18, elected=6)
    response = client.get(programme_url(programme))
    consultation = response.context["consultation"]
    assert consultation.figures.women_percent == 29
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    assert "51" in text and "15" in text and "29" in text
    assert 'class="bar-fill bar-declared"' in response.text
    assert response.text.count('class="bar-svg"') == 8


def test_without_workshop_figures_there_is_no_participation_chart(client, station):
    make_idea(station.programme)
    with on(OPEN_DAY):
        response = client.get(programme_url(station.programme))
    assert 'id="chart-participation"' not in response.text
    assert 'id="chart-channels"' in response.text


def test_bars_grow_from_the_right_in_arabic_and_from_the_left_in_french():
    with translation.override("ar"):
        arabic = bars([Bar("a", 50), Bar("b", 100)])
    with translation.override("fr"):
        french = bars([Bar("a", 50), Bar("b", 100)])
    assert [(bar.x, bar.width) for bar in arabic] == [("50", "50"), ("0", "100")]
    assert [(bar.x, bar.width) for bar in french] == [("0", "50"), ("0", "100")]


def test_the_programme_page_without_stations_has_no_consultation_section(client, programme):
    response = client.get(programme_url(programme))
    assert "stations-title" not in response.text


def test_the_programme_page_runs_as_many_queries_with_12_stations_as_with_2(client, diana):
    def fill(programme, count):
        for number in range(count):
            day = datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * number)
            station = make_station(
                programme,
                kind=StationKind.COCREATION_WORKSHOP,
                starts_on=day,
                ends_on=day + datetime.timedelta(days=3),
                online_input="ideas" if number % 2 else "",
                position=number,
            )
            make_event(station, participants=10, women=4)
        make_station(programme)  # an open idea station
        for _ in range(count):
            published_idea(programme, diana)

    small = make_programme(make_member())
    large = make_programme(make_member(slug="larache", name="العرائش"))
    fill(small, 2)
    fill(large, 12)
    with on(OPEN_DAY):
        assert count_queries(client, programme_url(small)) == count_queries(
            client, programme_url(large)
        )


# The project page ------------------------------------------------------------------------------


@pytest.fixture
def draft(programme):
    project = make_project(programme, 3, title_ar="الميزانية التشاركية")
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    return project


def test_the_project_page_has_the_observation_card_while_the_draft_is_open(client, draft):
    with on(OPEN_DAY):
        response = client.get(project_url(draft))
    observation_url = url(
        "consultations:observation_new", slug="beni-ensar", period=draft.programme.period, number=3
    )
    assert f'action="{observation_url}"' in response.text
    for aspect in (
        "problem",
        "solutions",
        "funding",
        "tracking_indicators",
        "impact_indicators",
        "other",
    ):
        assert f'value="{aspect}"' in response.text
    assert 'name="website"' in response.text


def test_the_project_page_has_no_observation_card_outside_the_station(client, draft):
    with on(datetime.date(2026, 12, 1)):
        response = client.get(project_url(draft))
    assert "consultations:observation_new" not in response.text
    assert 'name="aspect"' not in response.text


def test_the_project_page_lists_published_observations_with_their_answers(client, draft, diana):
    published = services.submit_observation(
        project=draft,
        data={"aspect": "funding", "body": "ملاحظة منشورة", "submitter_kind": "citizen"},
        day=OPEN_DAY,
    )
    services.publish(published, user=diana)
    services.answer_observation(published, answer="جواب اللجنة", user=diana)
    services.submit_observation(
        project=draft,
        data={"aspect": "other", "body": "ملاحظة في الانتظار", "submitter_kind": "citizen"},
        day=OPEN_DAY,
    )
    with on(datetime.date(2026, 12, 1)):
        response = client.get(project_url(draft))
    assert "ملاحظة منشورة" in response.text
    assert "جواب اللجنة" in response.text
    assert "ملاحظة في الانتظار" not in response.text


def test_the_project_page_runs_as_many_queries_with_30_observations_as_with_1(
    client, programme, diana
):
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    small, large = make_project(programme, 1), make_project(programme, 2)
    for project, count in ((small, 1), (large, 30)):
        for _ in range(count):
            observation = services.submit_observation(
                project=project,
                data={"aspect": "problem", "body": "ملاحظة", "submitter_kind": "citizen"},
                day=OPEN_DAY,
            )
            services.publish(observation, user=diana)
    with on(OPEN_DAY):
        assert count_queries(client, project_url(small)) == count_queries(
            client, project_url(large)
        )


# The member page -------------------------------------------------------------------------------


def test_the_member_page_counts_published_ideas(client, station, diana):
    published_idea(station.programme, diana)
    make_idea(station.programme)
    response = client.get(url("network:member_detail", slug="beni-ensar"))
    assert response.context["count_by_key"]["ideas"] == 1


def test_the_member_page_links_the_idea_form_while_a_station_is_open(client, station):
    with on(OPEN_DAY):
        response = client.get(url("network:member_detail", slug="beni-ensar"))
    assert url("consultations:idea_new", slug="beni-ensar") in response.text
    assert url("consultations:idea_list", slug="beni-ensar") in response.text
    assert url("consultations:member_events_ical", slug="beni-ensar") in response.text


def test_the_member_page_has_no_idea_form_link_when_no_station_is_open(client, station):
    with on(datetime.date(2026, 12, 1)):
        response = client.get(url("network:member_detail", slug="beni-ensar"))
    assert url("consultations:idea_new", slug="beni-ensar") not in response.text
    assert url("consultations:idea_list", slug="beni-ensar") in response.text


def test_ideas_of_another_member_are_not_counted(client, station, diana):
    larache = make_programme(make_member(slug="larache", name="العرائش"))
    make_station(larache)
    published_idea(larache, diana)
    assert Idea.objects.count() == 1
    response = client.get(url("network:member_detail", slug="beni-ensar"))
    assert response.context["count_by_key"]["ideas"] == 0
