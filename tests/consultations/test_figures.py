import datetime

import pytest

from consultations import selectors
from consultations.models import Channel, Fate, StationKind

from ..programmes.helpers import make_programme
from .helpers import make_event, make_idea, make_station

pytestmark = pytest.mark.django_db


def test_the_larache_published_figures_are_shown_exactly():
    programme = make_programme()
    station = make_station(
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
    make_event(station, participants=51, women=15, associations=27, administration=18, elected=6)
    total, per_station = selectors.programme_figures(programme)
    assert (total.participants, total.women, total.women_percent) == (51, 15, 29)
    assert (total.associations, total.administration, total.elected) == (27, 18, 6)
    assert (total.ideas_in_person, total.ideas_online, total.ideas) == (20, 9, 29)
    assert (total.ideas_accepted, total.projects_from_ideas) == (28, 5)
    assert "ideas_online" in per_station[station.pk].declared


def test_ideas_are_counted_from_stored_rows_when_no_figure_was_published():
    programme = make_programme()
    make_station(programme)
    make_idea(programme)
    make_idea(programme)
    total, _ = selectors.programme_figures(programme)
    assert total.ideas_online == 2
    assert total.ideas_accepted == 0
    assert total.declared == set()


def test_the_women_share_is_unknown_without_participants():
    programme = make_programme()
    total, _ = selectors.programme_figures(programme)
    assert total.women_percent is None


def test_network_figures_add_up_every_programme():
    programme = make_programme()
    make_station(programme)
    make_idea(programme)
    assert selectors.network_figures().ideas_online == 1
    assert Channel.ONLINE == "online" and Fate.ACCEPTED == "accepted"


def test_an_idea_accepted_into_two_projects_counts_once():
    from consultations.services import decide_fate

    from ..programmes.helpers import make_project

    programme = make_programme()
    make_station(programme)
    idea = make_idea(programme)
    projects = [make_project(programme, 1), make_project(programme, 2)]
    decide_fate(idea, fate=Fate.ACCEPTED, user=None, projects=projects)
    total, _ = selectors.programme_figures(programme)
    assert (total.ideas_online, total.ideas_accepted, total.projects_from_ideas) == (1, 1, 2)


def test_a_project_fed_by_ideas_of_two_stations_counts_once():
    from consultations.services import decide_fate

    from ..programmes.helpers import make_project

    programme = make_programme()
    first = make_station(
        programme, starts_on=datetime.date(2026, 11, 1), ends_on=datetime.date(2026, 11, 10)
    )
    second = make_station(
        programme,
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 11, 30),
        position=2,
    )
    project = make_project(programme, 1)
    for day in (datetime.date(2026, 11, 5), datetime.date(2026, 11, 25)):
        decide_fate(
            make_idea(programme, day=day), fate=Fate.ACCEPTED, user=None, projects=[project]
        )
    assert first.pk != second.pk
    total, _ = selectors.programme_figures(programme)
    assert total.projects_from_ideas == 1


def test_an_idea_cannot_come_from_another_members_workshop():
    from django.core.exceptions import ValidationError

    from consultations.models import Channel
    from consultations.services import submit_idea

    from ..programmes.helpers import make_member
    from .helpers import IDEA_DATA

    programme = make_programme()
    other = make_programme(make_member("larache", name="جماعة العرائش"))
    workshop = make_event(make_station(other, online_input=""))
    with pytest.raises(ValidationError):
        submit_idea(programme=programme, data=IDEA_DATA, channel=Channel.PAPER, event=workshop)


def test_an_idea_never_takes_the_tracking_code_of_an_observation():
    from consultations.models import Observation, ObservationAspect, SubmitterKind

    from ..programmes.helpers import make_project

    programme = make_programme()
    make_station(programme)
    observation = Observation.objects.create(
        project=make_project(programme, 1),
        aspect=ObservationAspect.OTHER,
        body="ملاحظة",
        submitter_kind=SubmitterKind.CITIZEN,
        tracking_code="ABCDEFGH",
    )
    idea = make_idea(programme, tracking_code=observation.tracking_code)
    assert idea.tracking_code != "ABCDEFGH"


def test_the_member_page_shows_the_members_participation_figures(client):
    programme = make_programme()
    station = make_station(programme, online_input="", declared_ideas_in_person=20)
    make_event(station, participants=51, women=15)
    response = client.get(f"/fr/members/{programme.member.slug}/")
    html = response.content.decode()
    assert ">51<" in html
    assert "29" in html
    assert 'id="chart-participation"' in html


def test_member_figures_add_up_the_members_programmes():
    from ..programmes.helpers import make_member

    member = make_member()
    for first_year in (2022, 2024):
        station = make_station(make_programme(member, first_year, first_year + 1), online_input="")
        make_event(station, participants=10, women=4)
    other = make_programme(make_member("larache", name="جماعة العرائش"))
    make_event(make_station(other, online_input=""), participants=99, women=1)
    figures = selectors.member_figures(member)
    assert (figures.participants, figures.women, figures.women_percent) == (20, 8, 40)


def test_the_home_page_shows_the_networks_participation_figures(
    client, django_assert_max_num_queries
):
    programme = make_programme()
    make_event(make_station(programme, online_input=""), participants=51, women=15)
    response = client.get("/fr/")
    html = response.content.decode()
    assert ">51<" in html
    assert 'id="chart-participation"' in html


def test_a_workshop_document_must_be_a_pdf_or_an_image():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consultations.models import EventDocument

    programme = make_programme()
    event = make_event(make_station(programme, online_input=""))
    document = EventDocument(
        event=event,
        title="محضر",
        file=SimpleUploadedFile("minutes.html", b"<script>alert(1)</script>"),
    )
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "file" in caught.value.message_dict
