"""Submitting an idea or an observation online: only while a station is open, once, with a tracking
code; refused forms keep what was typed; honeypot, time-to-fill stamp, and rate limits per
browser session and per address that count accepted submissions only."""

import datetime
import re
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
from .form_stamps import form_stamp
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
    """The idea form's fields as a person sends them, a minute after the page was served."""
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
        "form_stamp": form_stamp(),
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


def served_stamp(response):
    """The stamp of the form page ``response`` (what the browser sends back)."""
    return re.search(r'name="form_stamp" value="([^"]+)"', response.text).group(1)


def in_arabic(msgid):
    with translation.override("ar"):
        return translation.gettext(msgid)


SENT_AUTOMATICALLY = (
    "Your message looked as if it was sent automatically and was not stored. "
    "Check it and send it again."
)


def test_a_post_one_second_after_the_page_is_not_stored_and_keeps_the_text(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY) as clock:
        stamp = served_stamp(client.get(url))
        clock.shift(1)
        response = client.post(url, idea_post(body="فكرة أرسلت بسرعة", form_stamp=stamp))
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert "فكرة أرسلت بسرعة" in response.text
    assert escape(in_arabic(SENT_AUTOMATICALLY)) in response.text
    assert stamp not in response.text  # a new stamp, never the one sent


def test_a_post_five_seconds_after_the_page_is_stored(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY) as clock:
        stamp = served_stamp(client.get(url))
        clock.shift(5)
        response = client.post(url, idea_post(form_stamp=stamp))
    assert response.status_code == 302
    assert Idea.objects.count() == 1


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda stamp: "", id="missing"),
        pytest.param(lambda stamp: "form:1:abc", id="made-up"),
        # The time moved back a day, the signature left as it was.
        pytest.param(lambda stamp: stamp.replace(stamp.split(":")[1], "1a2b3c", 1), id="altered"),
        pytest.param(lambda stamp: stamp[:-1], id="truncated"),
        pytest.param(lambda stamp: "ا" * 5000, id="long"),
    ],
)
def test_a_forged_or_missing_stamp_is_not_stored_and_keeps_the_text(client, station, forge):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        response = client.post(url, idea_post(body="نص مزور", form_stamp=forge(form_stamp())))
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert "نص مزور" in response.text
    assert escape(in_arabic(SENT_AUTOMATICALLY)) in response.text


def test_a_page_open_for_more_than_six_hours_asks_to_send_again_and_then_stores(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY, hour=8) as clock:
        stamp = served_stamp(client.get(url))
        clock.shift(datetime.timedelta(hours=6, minutes=1))
        stale = client.post(url, idea_post(body="نص قديم", form_stamp=stamp))
        clock.shift(30)
        again = client.post(url, idea_post(body="نص قديم", form_stamp=served_stamp(stale)))
    assert stale.status_code == 200
    assert "نص قديم" in stale.text
    assert (
        escape(
            in_arabic(
                "This page was open for a long time and your message was not stored. "
                "Check it and send it again."
            )
        )
        in stale.text
    )
    assert again.status_code == 302
    assert Idea.objects.get().body == "نص قديم"


def test_a_form_refused_for_a_missing_answer_can_be_sent_again_at_once(client, station):
    """The page shown again keeps the stamp that passed: correcting one answer in a second is
    a person's doing."""
    url = idea_url(station.programme.member)
    with on(FIRST_DAY) as clock:
        stamp = served_stamp(client.get(url))
        clock.shift(20)
        refused = client.post(url, idea_post(title="", form_stamp=stamp))
        clock.shift(1)
        response = client.post(url, idea_post(form_stamp=served_stamp(refused)))
    assert refused.status_code == 200
    assert served_stamp(refused) == stamp
    assert response.status_code == 302


def test_the_form_page_sets_no_session_cookie_until_an_idea_is_accepted(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        page = client.get(url)
        refused = client.post(url, idea_post(title=""))
        accepted = client.post(url, idea_post())
    assert "sessionid" not in page.cookies
    assert "sessionid" not in refused.cookies
    assert accepted.cookies["sessionid"].value


def test_invalid_posts_do_not_count_against_the_limit(client, station):
    url = idea_url(station.programme.member)
    invalid = [
        idea_post(title=""),
        idea_post(body=""),
        idea_post(email="pas-un-email"),
        idea_post(website="http://spam.example"),
        idea_post(form_stamp=form_stamp(seconds_ago=1)),
        idea_post(form_stamp=""),
    ]
    with on(FIRST_DAY):
        client.post(url, idea_post())  # the session exists: its counter is read each time
        refused = [client.post(url, data).status_code for data in invalid]
        accepted = [client.post(url, idea_post()).status_code for _ in range(4)]
        sixth = client.post(url, idea_post())
    assert refused == [200] * 6
    assert accepted == [302] * 4
    assert sixth.status_code == 429
    assert Idea.objects.count() == 5


def test_an_idea_the_service_refuses_after_the_form_does_not_count(client, station, monkeypatch):
    """A rule only the model checks (``full_clean``) refuses the idea after the form accepted
    it: the slots taken for it are given back."""
    from django.core.exceptions import ValidationError

    from consultations import services

    submit_idea = services.submit_idea

    def refuse(**kwargs):
        raise ValidationError({"title": "Refused by the model."})

    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        monkeypatch.setattr(services, "submit_idea", refuse)
        refused = [client.post(url, idea_post()).status_code for _ in range(6)]
        monkeypatch.setattr(services, "submit_idea", submit_idea)
        accepted = [client.post(url, idea_post()).status_code for _ in range(6)]
    assert refused == [200] * 6
    assert accepted == [302] * 5 + [429]
    assert Idea.objects.count() == 5


def test_the_sixth_idea_in_an_hour_from_one_browser_is_refused_kindly(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        statuses = [client.post(url, idea_post()).status_code for _ in range(5)]
        response = client.post(url, idea_post(body="فكرة سادسة مهمة"))
        neighbour = Client().post(url, idea_post(body="فكرة من متصفح آخر"))
    assert statuses == [302] * 5
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "فكرة سادسة مهمة" in response.text
    assert in_arabic("You have sent several messages in a short time.") in response.text
    # Another browser on the same Wi-Fi (same address) is not refused.
    assert neighbour.status_code == 302
    assert not Idea.objects.filter(body="فكرة سادسة مهمة").exists()
    assert Idea.objects.filter(body="فكرة من متصفح آخر").count() == 1
    assert Idea.objects.count() == 6


def test_thirty_ideas_from_one_address_then_the_next_browser_is_refused(station):
    """A workshop on one Wi-Fi: 30 ideas from six browsers, then the address is full."""
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        statuses = [
            browser.post(url, idea_post()).status_code
            for browser in [Client() for _ in range(6)]
            for _ in range(5)
        ]
        refused = Client().post(url, idea_post(body="الفكرة الحادية والثلاثون"))
    assert statuses == [302] * 30
    assert refused.status_code == 429
    assert "الفكرة الحادية والثلاثون" in refused.text
    assert Idea.objects.count() == 30


def test_the_rate_limit_is_lifted_after_its_window(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY, hour=9):
        for _ in range(6):
            client.post(url, idea_post())
    cache.clear()  # the local-memory cache does not follow the frozen clock
    with on(FIRST_DAY, hour=11):
        assert client.post(url, idea_post()).status_code == 302


@override_settings(IDEA_RATE_LIMIT_PER_SESSION=(2, 60))
def test_the_session_limit_comes_from_the_settings(client, station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        statuses = [client.post(url, idea_post()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


@override_settings(IDEA_RATE_LIMIT_PER_ADDRESS=(2, 600))
def test_the_address_limit_comes_from_the_settings(station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        statuses = [Client().post(url, idea_post()).status_code for _ in range(3)]
        refused = Client().post(url, idea_post())
    assert statuses == [302, 302, 429]
    assert refused["Retry-After"] == "600"


@override_settings(TRUSTED_PROXY_COUNT=1, IDEA_RATE_LIMIT_PER_ADDRESS=(2, 3600))
def test_behind_one_trusted_proxy_another_forwarded_address_is_another_client(station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        for _ in range(2):
            Client().post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.1.1")
        limited = Client().post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.1.1")
        other = Client().post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.1.2")
    assert (limited.status_code, other.status_code) == (429, 302)


@override_settings(TRUSTED_PROXY_COUNT=0, IDEA_RATE_LIMIT_PER_ADDRESS=(2, 3600))
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(station):
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        for number in range(2):
            Client().post(url, idea_post(), HTTP_X_FORWARDED_FOR=f"196.200.1.{number}")
        response = Client().post(url, idea_post(), HTTP_X_FORWARDED_FOR="196.200.9.9")
    assert response.status_code == 429
    assert Idea.objects.count() == 2


def test_a_session_cookie_naming_no_session_is_replaced_at_the_accepted_idea(client, station):
    """A session cookie the portal never issued is no session: the browser is given a new one,
    never one whose key it chose."""
    url = idea_url(station.programme.member)
    with on(FIRST_DAY):
        client.cookies["sessionid"] = "forged0000000000000000000000000000"
        response = client.post(url, idea_post())
    assert response.status_code == 302
    assert response.cookies["sessionid"].value != "forged0000000000000000000000000000"


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


def test_the_observation_card_of_the_project_page_carries_a_stamp_that_is_accepted(client, draft):
    with on(FIRST_DAY) as clock:
        page = client.get(draft.get_absolute_url())
        clock.shift(5)
        response = client.post(
            observation_url(draft), observation_post(form_stamp=served_stamp(page))
        )
    assert response.status_code == 302
    assert Observation.objects.count() == 1
