"""Builders for consultation data, shared by the consultations tests."""

import datetime

from consultations.models import Event, Station, StationKind, SubmitterKind
from consultations.services import submit_idea

IDEA_DATA = {
    "title": "نقل مدرسي للتلاميذ",
    "body": "توفير حافلة للنقل المدرسي لفائدة تلاميذ الدواوير البعيدة.",
    "submitter_kind": SubmitterKind.CITIZEN,
}


def make_station(
    programme,
    kind=StationKind.IDEA_COLLECTION,
    starts_on=None,
    ends_on=None,
    online_input="ideas",
    **fields,
):
    return Station.objects.create(
        programme=programme,
        kind=kind,
        starts_on=starts_on or datetime.date(2026, 11, 20),
        ends_on=ends_on or datetime.date(2026, 11, 30),
        online_input=online_input,
        **fields,
    )


def make_event(station, **fields):
    fields.setdefault("title_ar", "ورشة الإعداد المشترك")
    fields.setdefault("starts_at", datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC))
    return Event.objects.create(member=station.programme.member, station=station, **fields)


def make_idea(programme, day=datetime.date(2026, 11, 24), **data):
    return submit_idea(programme=programme, data={**IDEA_DATA, **data}, day=day)
