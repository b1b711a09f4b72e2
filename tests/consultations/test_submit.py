"""Submitting an idea or an observation online: only while a station is open, once, with a tracking
code; refused forms keep what was typed; honeypot and per-address rate limit."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from consultations.models import Idea, Observation, OnlineInput, StationKind

from ..programmes.helpers import make_member, make_programme, make_project
from .helpers import make_station

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
# The station of make_station(): 20 to 30 November 2026.
FIRST_DAY = datetime.date(2026, 11, 20)
LAST_DAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def in_french(msgid):
    with translation.override("fr"):
        return translation.gettext(msgid)


def on(day, hour=12):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=CASABLANCA), tick=False
    )


def idea_url(member, language="ar"):
    with translation.override(language):
        return reverse("consultations:idea_new", kwargs={"slug": member.slug})


def observation_url(project, language="ar"):
    with translation.override(language):
        return reverse(
            "consultations:observation_new",
            kwargs={
                "slug": project.programme.member.slug,
                "period": project.programme.period,
                "number": project.number,
            },
        )


def idea_post(**fields):
    data = {
        "title": "نقل مدرسي للتلاميذ",
        "body": "توفير حافلة للنقل المدرسي لفائدة تلاميذ الدواوير البعيدة.",
        "submitter_kind": "citizen",
        "axis": "",
        "gender": "",
        "age_band": "",
        "name": "",
        "email": "",
        "phone": "",
        "website": "",
    }
    data.update(fields)
    return data


def observation_post(**fields):
    data = idea_post(**fields)
    data.pop("title")
    data.pop("axis")
    data.setdefault("aspect", "funding")
    data["body"] = fields.get("body", "يمكن طلب شراكة مع المجلس الإقليمي لتمويل المشروع.")
    return data


@pytest.fixture
def programme():
    return make_programme(make_member())


@pytest.fixture
def station(programme):
    return make_station(programme)


# The form is there only while an idea station is open -----------------------------------------


@pytest.mark.parametrize(
    "day, is_open",
    [
        (FIRST_DAY - datetime.timedelta(days=1), False),
        (FIRST_DAY, True),
        (LAST_DAY, True),
        (LAST_DAY + datetime.timedelta(days=1), False),
    ],
    ids=["the day before", "the first day", "the last day", "the day after"],
)
def test_the_idea_form_is_shown_only_while_the_station_is_open(client, station, day, is_open):
    with on(day, hour=23):
        response = client.get(idea_url(station.programme.member))
    assert response.status_code == 200
    assert ('name="title"' in response.text) is is_open
    assert ("contribution-form" in response.text) is is_open


def test_the_closed_page_says_when_the_next_station_opens_and_links_to_the_ideas(client, station):
    with on(FIRST_DAY - datetime.timedelta(days=3)):
        response = client.get(idea_url(station.programme.member, "fr"))
    assert "20 novembre 2026" in response.text
    assert reverse("consultations:idea_list", kwargs={"slug": "beni-ensar"}) in response.text


def test_the_closed_page_in_arabic_writes_the_moroccan_month(client, station):
    with on(FIRST_DAY - datetime.timedelta(days=3)):
        response = client.get(idea_url(station.programme.member))
    assert "20 نونبر 2026" in response.text


def test_the_form_is_for_the_programme_whose_station_is_open(client, programme):
    other = make_programme(programme.member, 2026, 2027, title_ar="البرنامج الجديد")
    make_station(other)
    with on(FIRST_DAY):
        client.post(idea_url(programme.member), idea_post())
    assert Idea.objects.get().programme == other


def test_a_station_taking_observations_does_not_open_the_idea_form(client, programme):
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    with on(FIRST_DAY):
        response = client.get(idea_url(programme.member))
    assert 'name="title"' not in response.text


def test_the_idea_form_shows_the_limit_of_the_text_and_the_law_09_08_notice(client, station):
    member = station.programme.member
    member.cndp_declaration_number = "D-GC-123/2025"
    member.personal_data_contact = "مكتب الضبط، مقر الجماعة"
    member.save()
    with on(FIRST_DAY):
        response = client.get(idea_url(member, "fr"))
    assert 'maxlength="2000"' in response.text
    assert "2000" in response.text
    assert "D-GC-123/2025" in response.text
    assert "مكتب الضبط، مقر الجماعة" in response.text
    assert "09-08" in response.text


def test_the_notice_says_not_provided_and_falls_back_to_the_published_focal_point_email(
    client, station
):
    member = station.programme.member
    member.focal_point_email = "focal@example.org"
    member.publish_focal_point_email = True
    member.save()
    with on(FIRST_DAY):
        response = client.get(idea_url(member, "fr"))
    assert 'href="mailto:focal@example.org"' in response.text
    assert in_french("not provided") in response.text


def test_the_notice_names_the_members_offices_without_any_contact(client, station):
    with on(FIRST_DAY):
        response = client.get(idea_url(station.programme.member, "fr"))
    assert escape(in_french("the member's offices")) in response.text


def test_the_idea_form_is_404_for_an_unknown_member(client, db):
    assert client.get("/ar/members/nowhere/ideas/new/").status_code == 404


# Submitting ------------------------------------------------------------------------------------


def test_an_idea_is_stored_once_with_its_tracking_code_and_leads_to_its_tracking_page(
    client, station
):
    axis = station.programme.axes.create(number=1, title_ar="النقل")
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member),
            idea_post(axis=axis.pk, gender="woman", age_band="30_44", email="amina@example.org"),
        )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ar/ideas/{idea.tracking_code}/"
    assert (idea.axis, idea.station, idea.channel) == (axis, station, "online")
    assert (idea.gender, idea.age_band, idea.email) == ("woman", "30_44", "amina@example.org")
    assert idea.moderation == "pending"
    assert len(idea.tracking_code) == 8


def test_the_tracking_page_after_sending_shows_the_code_and_a_message(client, station):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(), follow=True)
    idea = Idea.objects.get()
    assert response.status_code == 200
    assert idea.tracking_code in response.text
    assert [str(message) for message in response.context["messages"]]


def test_another_subject_leaves_the_axis_empty(client, station):
    with on(FIRST_DAY):
        client.post(idea_url(station.programme.member), idea_post(axis=""))
    assert Idea.objects.get().axis is None


def test_an_axis_of_another_programme_is_refused(client, station):
    other = make_programme(make_member(slug="larache", name="العرائش"))
    foreign_axis = other.axes.create(number=1, title_ar="التواصل")
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(axis=foreign_axis.pk))
    assert response.status_code == 200
    assert "axis" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_a_post_outside_the_station_stores_nothing(client, station):
    with on(LAST_DAY + datetime.timedelta(days=1)):
        response = client.post(idea_url(station.programme.member), idea_post())
    assert response.status_code == 409
    assert not Idea.objects.exists()
    assert 'name="title"' not in response.text


def test_a_post_before_the_station_stores_nothing(client, station):
    with on(FIRST_DAY - datetime.timedelta(days=1), hour=23):
        response = client.post(idea_url(station.programme.member), idea_post())
    assert response.status_code == 409
    assert not Idea.objects.exists()


def test_the_form_needs_a_csrf_token(station):
    client = Client(enforce_csrf_checks=True)
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post())
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_a_rejected_form_keeps_what_was_typed_and_shows_translated_errors(client, station):
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member, "fr"),
            idea_post(title="", body="Un abribus devant l'école", email="pas-un-email"),
        )
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert "Un abribus devant l&#x27;école" in response.text
    assert 'value="pas-un-email"' in response.text
    assert "Ce champ est obligatoire." in response.text
    assert "Saisissez une adresse de courriel valide." in response.text


def test_an_association_must_give_its_name(client, station):
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member), idea_post(submitter_kind="association")
        )
    assert "association_name" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_an_association_name_is_stored_only_for_an_association(client, station):
    member = station.programme.member
    with on(FIRST_DAY):
        client.post(
            idea_url(member),
            idea_post(submitter_kind="association", association_name="جمعية الأمل"),
        )
        client.post(idea_url(member), idea_post(submitter_kind="elected", association_name="x"))
    names = dict(Idea.objects.values_list("submitter_kind", "association_name"))
    assert names == {"association": "جمعية الأمل", "elected": ""}


def test_a_text_longer_than_2000_characters_is_refused(client, station):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(body="ا" * 2001))
    assert "body" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_line_ends_sent_by_the_browser_count_as_one_character(client, station):
    body = "\r\n".join(["ا" * 99] * 20)  # 1980 characters and 19 line ends
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(body=body))
    assert response.status_code == 302
    assert Idea.objects.get().body == body.replace("\r\n", "\n")


def test_a_malformed_phone_number_is_refused(client, station):
    with on(FIRST_DAY):
        response = client.post(idea_url(station.programme.member), idea_post(phone="call me"))
    assert "phone" in response.context["form"].errors


# Honeypot and rate limit -----------------------------------------------------------------------


def test_a_filled_honeypot_stores_nothing_and_asks_to_send_again(client, station):
    with on(FIRST_DAY):
        response = client.post(
            idea_url(station.programme.member), idea_post(website="http://spam.example")
        )
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert "http://spam.example" not in response.text
    assert "توفير حافلة للنقل المدرسي" in response.text


def test_the_honeypot_is_hidden_from_people_and_skipped_by_the_keyboard(client, station):
    with on(FIRST_DAY):
        html = client.get(idea_url(station.programme.member)).text
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and 'autocomplete="off"' in html


def test_the_sixth_idea_in_an_hour_from_one_address_is_refused_kindly(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        statuses = [client.post(url, idea_post()).status_code for _ in range(5)]
        response = client.post(url, idea_post(body="فكرة سادسة مهمة"))
    assert statuses == [302] * 5
    assert response.status_code == 429
    assert Idea.objects.count() == 5
    assert "فكرة سادسة مهمة" in response.text
    with translation.override("ar"):
        friendly = translation.gettext("You have sent several messages in a short time.")
    assert friendly in response.text


def test_the_rate_limit_is_lifted_after_its_window(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY, hour=9):
        for _ in range(6):
            client.post(url, idea_post())
    cache.clear()  # the local-memory cache does not follow the frozen clock
    with on(FIRST_DAY, hour=11):
        assert client.post(url, idea_post()).status_code == 302


@override_settings(IDEA_RATE_LIMIT=(2, 60))
def test_the_rate_limit_comes_from_the_settings(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        statuses = [client.post(url, idea_post()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_another_forwarded_address_is_another_client(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        for _ in range(5):
            client.post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.1.1")
        limited = client.post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.1.1")
        other = client.post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.1.2")
    assert (limited.status_code, other.status_code) == (429, 302)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        for number in range(5):
            client.post(url, idea_post(), HTTP_X_FORWARDED_FOR=f"196.200.1.{number}")
        response = client.post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.9.9")
    assert response.status_code == 429
    assert Idea.objects.count() == 5


# Observations on a draft project ---------------------------------------------------------------


@pytest.fixture
def draft(programme):
    project = make_project(programme, 3, title_ar="الميزانية التشاركية")
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    return project


def test_an_observation_is_stored_while_the_draft_consultation_is_open(client, draft):
    with on(FIRST_DAY):
        response = client.post(observation_url(draft), observation_post(aspect="funding"))
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ar/ideas/{observation.tracking_code}/"
    assert (observation.project, observation.aspect) == (draft, "funding")
    assert observation.station.online_input == OnlineInput.OBSERVATIONS


def test_an_observation_is_refused_outside_the_draft_consultation(client, draft):
    with on(LAST_DAY + datetime.timedelta(days=1)):
        response = client.post(observation_url(draft), observation_post())
    assert response.status_code == 409
    assert not Observation.objects.exists()


def test_an_idea_station_does_not_take_observations(client, programme):
    project = make_project(programme, 1)
    make_station(programme)
    with on(FIRST_DAY):
        response = client.post(observation_url(project), observation_post())
    assert response.status_code == 409
    assert not Observation.objects.exists()


def test_a_rejected_observation_is_shown_again_with_what_was_typed(client, draft):
    with on(FIRST_DAY):
        response = client.post(
            observation_url(draft), observation_post(aspect="", body="مؤشر عدد المستفيدين")
        )
    assert response.status_code == 200
    assert "aspect" in response.context["form"].errors
    assert "مؤشر عدد المستفيدين" in response.text
    assert not Observation.objects.exists()


def test_a_filled_honeypot_stores_no_observation(client, draft):
    with on(FIRST_DAY):
        client.post(observation_url(draft), observation_post(website="x"))
    assert not Observation.objects.exists()


def test_observations_have_their_own_rate_limit(client, draft):
    programme = draft.programme
    make_station(programme)  # ideas are open too
    with on(FIRST_DAY):
        for _ in range(5):
            client.post(observation_url(draft), observation_post())
        refused = client.post(observation_url(draft), observation_post())
        idea = client.post(idea_url(programme.member), idea_post())
    assert (refused.status_code, idea.status_code) == (429, 302)
    assert Observation.objects.count() == 5


def test_the_observation_url_is_404_for_an_unknown_project(client, draft):
    url = observation_url(draft).replace("/projects/3/", "/projects/99/")
    with on(FIRST_DAY):
        assert client.get(url).status_code == 404
