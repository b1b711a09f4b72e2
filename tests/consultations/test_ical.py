"""A member's upcoming workshops and meetings as an iCalendar feed (RFC 5545)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from consultations import ical
from consultations.models import Event

from ..programmes.helpers import make_member

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
NOW = datetime.datetime(2026, 11, 1, 9, tzinfo=CASABLANCA)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def feed_url(member, language="ar"):
    with translation.override(language):
        return reverse("consultations:member_events_ical", kwargs={"slug": member.slug})


def unfold(text):
    return text.replace("\r\n ", "")


@pytest.fixture
def member():
    return make_member()


def make_event(member, **fields):
    fields.setdefault("title_ar", "ورشة الإعداد المشترك")
    fields.setdefault("starts_at", datetime.datetime(2026, 11, 21, 10, tzinfo=CASABLANCA))
    return Event.objects.create(member=member, **fields)


def get_feed(client, member):
    with time_machine.travel(NOW, tick=False):
        return client.get(feed_url(member))


def test_the_feed_is_a_utf8_calendar_with_crlf_line_ends(client, member):
    make_event(member)
    response = get_feed(client, member)
    body = response.content.decode("utf-8")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")


def test_each_upcoming_event_is_a_vevent_with_a_stable_uid_and_utc_times(client, member):
    event = make_event(
        member,
        starts_at=datetime.datetime(2026, 11, 21, 10, tzinfo=CASABLANCA),
        ends_at=datetime.datetime(2026, 11, 21, 13, 30, tzinfo=CASABLANCA),
        place_ar="مقر الجماعة",
        agenda_ar="تقديم البرنامج\nجمع الأفكار",
    )
    body = unfold(get_feed(client, member).content.decode())
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:event-{event.pk}@ctouvertes\r\n" in body
    # Casablanca is UTC+1 in November 2026.
    assert "DTSTART:20261121T090000Z\r\n" in body
    assert "DTEND:20261121T123000Z\r\n" in body
    assert "SUMMARY:ورشة الإعداد المشترك\r\n" in body
    assert "LOCATION:مقر الجماعة\r\n" in body
    assert "DESCRIPTION:تقديم البرنامج\\nجمع الأفكار\r\n" in body
    assert "DTSTAMP:20261101T080000Z\r\n" in body


def test_past_events_are_left_out_and_ongoing_ones_kept(client, member):
    make_event(member, title_ar="مضى", starts_at=NOW - datetime.timedelta(days=3))
    make_event(
        member,
        title_ar="جارية",
        starts_at=NOW - datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=2),
    )
    make_event(member, title_ar="قادمة", starts_at=NOW + datetime.timedelta(days=2))
    body = unfold(get_feed(client, member).content.decode())
    assert "مضى" not in body
    assert "SUMMARY:جارية" in body and "SUMMARY:قادمة" in body


def test_the_feed_holds_only_the_members_events(client, member):
    make_event(make_member(slug="larache", name="العرائش"), title_ar="ورشة العرائش")
    body = get_feed(client, member).content.decode()
    assert "BEGIN:VEVENT" not in body
    assert "ورشة العرائش" not in body


def test_the_feed_is_404_for_an_unknown_member(client, db):
    assert client.get("/ar/members/nowhere/events.ics").status_code == 404


def test_text_values_escape_backslashes_semicolons_commas_and_line_ends():
    assert ical.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "ورشة " * 40
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


def test_a_short_line_is_not_folded():
    assert ical.fold("VERSION:2.0") == "VERSION:2.0"


def test_an_event_without_an_end_has_no_dtend():
    event = Event(pk=7, title="Atelier", starts_at=NOW)
    text = ical.calendar([event], name="Beni Ensar", now=NOW)
    assert "DTEND" not in text
    assert "UID:event-7@ctouvertes\r\n" in text
