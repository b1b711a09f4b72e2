"""Unknown is not zero, on every public page: a programme whose figures were not given (no
cost, only "to be determined" notes; workshops without participation figures; a committee
whose genders are not given; no published figure; no idea) shows "not given" or "to be
determined", never a 0 that nobody entered. Partial totals, shares over the known categories,
published figures beside counted ones, and the data newly shown (programme partners, figures
per axis, activity funding, committee composition, undated workshops, isolated periods)."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from consultations import ical
from consultations.models import DeclaredAxisFigures, Event
from network.figures import Figure, PartialSum, Share, partial_sum
from programmes.models import (
    Committee,
    CommitteeCategory,
    CommitteeMember,
    Partner,
    ProgrammePartner,
)

from ..programmes.helpers import make_activity, make_member, make_programme, make_project
from .helpers import make_event, make_station

pytestmark = pytest.mark.django_db

TO_BE_DETERMINED = "يحدد من طرف الجهة المنفذة"
DAY = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)

#: What a 0 nobody entered looks like once rendered: an amount, a share, a counter.
ZERO_PATTERNS = [
    re.compile(r"(?<![\d\u202f.,])0[\u202f\u00a0 ]?(MAD|درهم)"),
    re.compile(r"(?<![\d\u202f.,])0[\u202f\u00a0 ]?%"),
    re.compile(r"<strong>\s*0\s*</strong>"),
    re.compile(r'class="bar-number"><strong>0<'),
]


def zeros(html):
    return [match.group() for pattern in ZERO_PATTERNS for match in pattern.finditer(html)]


def block(html, css_class):
    """The first ``<ul class="figures ...">`` (or element of ``css_class``) of a page."""
    start = html.index(f'class="{css_class}')
    return html[start : html.index("</ul>", start)]


def url(name, language="ar", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def say(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(DAY, tick=False):
        yield


@pytest.fixture
def unknown_programme():
    """A province's programme with nothing known: two projects without a budget, one with
    activities whose cost is "to be determined", one without activity; a past workshop
    without any figure; a committee whose genders are not given."""
    member = make_member("province-x", name="إقليم س")
    programme = make_programme(member, 2024, 2025)
    first = make_project(programme, 1)
    make_project(programme, 2)
    for number in (1, 2, 3):
        make_activity(first, number, cost_note_ar=TO_BE_DETERMINED)
    station = make_station(
        programme,
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 3, 1),
        online_input="",
    )
    make_event(station, starts_at=None)
    committee = Committee.objects.create(member=member, name_ar="لجنة التتبع")
    for position in range(3):
        CommitteeMember.objects.create(
            committee=committee,
            full_name=f"عضو {position}",
            category=CommitteeCategory.ELECTED,
            position=position,
        )
    return programme


# The helpers -----------------------------------------------------------------------------------


def test_a_partial_sum_adds_the_known_amounts_and_counts_the_unknown():
    total = partial_sum([(Decimal("1000"), ""), (None, TO_BE_DETERMINED), (None, TO_BE_DETERMINED)])
    assert (total.value, total.unknown_count, total.notes) == (1000, 2, (TO_BE_DETERMINED,))
    assert not total.is_complete and not total.all_unknown
    assert partial_sum([None, None]).value is None and partial_sum([None]).all_unknown
    assert partial_sum([]).is_empty
    assert (total + PartialSum(Decimal(5), 1)).value == 1005


def test_a_share_is_computed_over_the_known_categories_only():
    assert Share(15, 51, 71).percent == 29
    assert Share(15, 51, 71).unknown == 20
    assert Share(0, 0, 7).percent is None
    assert Share(None, 51).percent is None


def test_a_figure_compares_with_its_number_and_stays_unknown_when_added_to_unknown():
    assert Figure(3) == 3 and Figure(None) != 0
    assert (Figure(None) + Figure(None)).value is None
    assert (Figure(None) + Figure(29, declared=True)) == Figure(29, declared=True)


def test_the_figure_filters_never_write_0_for_unknown(rf):
    from django.template import Context, Template

    template = Template(
        "{% load figure_tags %}[{{ none|figure }}][{{ zero|figure }}][{% amount_total all %}]"
        "[{% amount_total part %}][{% amount_total empty %}]"
    )
    with translation.override("fr"):
        html = template.render(
            Context(
                {
                    "none": None,
                    "zero": 0,
                    "all": partial_sum([(None, TO_BE_DETERMINED)] * 12),
                    "part": partial_sum([Decimal("655000"), (None, "25000,...")]),
                    "empty": partial_sum([]),
                }
            )
        )
        assert f'[<span class="not-given">{gettext("not given")}</span>]' in html
        assert "[0]" in html  # a 0 that was entered is a 0
        assert gettext("to be determined") in html and TO_BE_DETERMINED in html
        assert "655\u202f000" in html
        assert (
            ngettext("%(count)s amount to be determined", "%(count)s amounts to be determined", 1)
            % {"count": 1}
            in html
        )
        assert "25000,..." in html


# Every page with a programme whose figures are all unknown -------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_programme_page_shows_no_zero_for_unknown_figures(client, unknown_programme, language):
    programme = unknown_programme
    response = client.get(
        url(
            "programmes:programme_detail",
            language,
            slug=programme.member.slug,
            period=programme.period,
        )
    )
    html = response.content.decode()
    assert response.status_code == 200
    figures = block(html, "figures")
    # Progress is measured (planned activities, 0 % done); amounts are not given.
    money = figures[figures.index('class="figure-budget"') :]
    assert zeros(money) == []
    assert say(language, "to be determined") in money
    assert TO_BE_DETERMINED in money
    assert not re.search(r"(?<![\d\u202f.,])0[\u202f\u00a0 ]?(MAD|درهم)", html)
    # The project without activity has no progress of 0.
    card = html[
        html.index(
            'href="'
            + url(
                "programmes:project_detail",
                language,
                slug=programme.member.slug,
                period=programme.period,
                number=2,
            )
        ) :
    ]
    card = card[: card.index("</article>")]
    assert 'aria-valuenow="0"' not in card
    assert say(language, "no activity entered yet") in card
    assert 'id="participation-title"' not in html  # no participation figure at all


def test_the_project_page_says_the_costs_are_to_be_determined(client, unknown_programme):
    programme = unknown_programme
    response = client.get(
        url(
            "programmes:project_detail",
            slug=programme.member.slug,
            period=programme.period,
            number=1,
        )
    )
    html = response.content.decode()
    costs = html[html.index('class="activity-costs-total"') :]
    costs = costs[: costs.index("</tr>")]
    assert zeros(costs) == []
    assert say("ar", "to be determined") in costs and TO_BE_DETERMINED in costs
    assert not re.search(r"(?<![\d\u202f.,])0[\u202f\u00a0 ]?(MAD|درهم)", html)


def test_a_project_without_activity_has_no_progress_of_0(client, unknown_programme):
    programme = unknown_programme
    html = client.get(
        url(
            "programmes:project_detail",
            slug=programme.member.slug,
            period=programme.period,
            number=2,
        )
    ).content.decode()
    header = html.split('class="page-header"')[1].split("</header>")[0]
    assert 'aria-valuenow="0"' not in header
    assert say("ar", "no activity entered yet") in header


def test_the_member_page_has_no_zero_counter_for_unknown_ideas(client, unknown_programme):
    member = unknown_programme.member
    response = client.get(url("network:member_detail", slug=member.slug))
    html = response.content.decode()
    counters = block(html, "figures")
    assert response.context["count_by_key"]["ideas"].value is None
    assert zeros(counters.replace("<strong>2</strong>", "")) == []
    assert gettext("ideas") not in counters
    assert 'id="participation-title"' not in html


def test_the_home_page_shows_no_participation_zeros(client, unknown_programme):
    html = client.get("/ar/").content.decode()
    assert "network-participation" not in html
    assert 'id="chart-participation"' not in html


def test_the_committee_page_says_the_genders_are_not_given(client, unknown_programme):
    member = unknown_programme.member
    html = client.get(url("programmes:committee_detail", slug=member.slug)).content.decode()
    figures = block(html, "figures")
    women = figures[figures.index('class="figure-women"') :].split("</li>")[0]
    assert zeros(women) == []
    assert say("ar", "not given") in women
    assert "<strong>3</strong>" in figures  # 3 members in office is a count


def test_the_ideas_list_shows_no_zero_counter_without_ideas(client, unknown_programme):
    member = unknown_programme.member
    html = client.get(url("consultations:idea_list", slug=member.slug)).content.decode()
    assert 'class="results-count"' not in html
    assert say("ar", "No idea has been published yet.") in html


def test_the_tracking_page_of_an_idea_from_an_undated_workshop(client, unknown_programme):
    from consultations.admin import workshop_time
    from consultations.models import Channel
    from consultations.services import submit_idea

    from .helpers import IDEA_DATA

    event = Event.objects.get(station__programme=unknown_programme)
    # A workshop without a date: the idea takes its station's first day, not a 500.
    assert workshop_time(event).date() == datetime.date(2024, 3, 1)
    idea = submit_idea(
        programme=unknown_programme,
        data={**IDEA_DATA, "submitted_at": workshop_time(event)},
        channel=Channel.PAPER,
        event=event,
        station=event.station,
    )
    response = client.get(url("consultations:idea_tracking", code=idea.tracking_code))
    assert response.status_code == 200
    assert zeros(response.content.decode()) == []


# Partial totals, shares, published figures -----------------------------------------------------


def test_a_total_over_partly_unknown_budgets_says_how_many_are_to_be_determined(client):
    programme = make_programme()
    make_project(programme, 1, estimated_budget=Decimal("655000"))
    make_project(programme, 2, budget_as_entered="25000,...")
    make_project(programme, 3)
    html = client.get(
        url("programmes:programme_detail", "fr", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    budget = html[html.index('class="figure-budget"') :].split("</li>")[0]
    with translation.override("fr"):
        missing = ngettext(
            "%(count)s amount to be determined", "%(count)s amounts to be determined", 2
        ) % {"count": 2}
    assert "655\u202f000" in budget
    assert missing in budget
    assert "25000,..." in budget


def test_the_womens_share_is_over_the_participants_whose_gender_is_known(client):
    programme = make_programme()
    station = make_station(programme, online_input="")
    make_event(station, participants=51, women=15)
    make_event(station, participants=20, women=None)
    html = client.get(
        url("programmes:programme_detail", "fr", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    with translation.override("fr"):
        share = ngettext(
            "%(percent)s %% of %(base)s participant whose gender is known",
            "%(percent)s %% of %(base)s participants whose gender is known",
            51,
        ) % {"percent": 29, "base": 51}
    assert share.replace(" %", "\u202f%") in html
    assert ">71<" in html


def test_the_committee_share_of_women_is_over_the_members_whose_gender_is_given(client):
    member = make_member()
    committee = Committee.objects.create(member=member, name_ar="لجنة")
    for position, gender in enumerate(["woman", "woman", "man", "man", "man", "man", "man", ""]):
        CommitteeMember.objects.create(
            committee=committee,
            full_name=f"عضو {position}",
            category=CommitteeCategory.ELECTED,
            gender=gender,
            position=position,
        )
    html = client.get(url("programmes:committee_detail", "fr", slug=member.slug)).content.decode()
    with translation.override("fr"):
        text = ngettext(
            "%(percent)s %% — %(count)s women of %(base)s member whose gender is given",
            "%(percent)s %% — %(count)s women of %(base)s members whose gender is given",
            7,
        ) % {"percent": 29, "count": 2, "base": 7}
    assert text.replace(" %", "\u202f%") in html


def test_the_member_page_counter_shows_the_published_figure_not_0(client):
    programme = make_programme()
    make_station(
        programme,
        online_input="",
        declared_ideas_in_person=20,
        declared_ideas_online=9,
    )
    response = client.get(url("network:member_detail", "fr", slug="beni-ensar"))
    counters = block(response.content.decode(), "figures")
    assert response.context["count_by_key"]["ideas"] == Figure(29, declared=True)
    assert "<strong>29</strong>" in counters
    with translation.override("fr"):
        assert gettext("published figure") in counters
    ideas = counters[counters.index("<strong>29</strong>") - 5 :].split("</li>")[0]
    assert "<strong>0</strong>" not in ideas


def test_accepted_ideas_are_not_given_when_the_station_only_published_its_idea_count(client):
    programme = make_programme()
    make_station(programme, online_input="", declared_ideas_in_person=29)
    from consultations.selectors import programme_figures

    total, _ = programme_figures(programme)
    assert (total.ideas, total.ideas_accepted, total.projects_from_ideas) == (29, None, None)
    html = client.get(
        url("programmes:programme_detail", "fr", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    figures = block(html, "figures consultation-figures")
    assert "<strong>29</strong>" in figures
    assert zeros(figures) == []


def test_ideas_on_paper_published_for_a_station_are_counted_like_the_others():
    from consultations.selectors import programme_figures

    programme = make_programme()
    make_station(programme, online_input="", declared_ideas_in_person=5, declared_ideas_on_paper=7)
    total, _ = programme_figures(programme)
    assert (total.ideas_paper, total.ideas) == (7, 12)
    assert "ideas_paper" in total.declared


def test_participation_sums_leave_unknown_workshops_unknown():
    from consultations.selectors import programme_figures

    programme = make_programme()
    station = make_station(programme, online_input="")
    make_event(station)
    total, per_station = programme_figures(programme)
    assert total.participants is None and total.administration is None
    assert total.women_percent is None
    make_event(station, participants=10, administration=3)
    total, _ = programme_figures(programme)
    assert (total.participants, total.administration, total.missing["participants"]) == (10, 3, 1)


# Data newly shown ------------------------------------------------------------------------------


def test_the_programme_page_shows_its_partners_figures_per_axis_and_committee(client):
    programme = make_programme()
    axis = make_project(programme, 1).axis
    partner = Partner.objects.create(name_ar="وكالة التنمية", name="وكالة التنمية")
    ProgrammePartner.objects.create(programme=programme, partner=partner, role_ar="التمويل")
    DeclaredAxisFigures.objects.create(axis=axis, ideas_in_person=12, ideas_accepted=4)
    Committee.objects.create(
        member=programme.member, programme=programme, composition_ar="المنتخبون والجمعيات"
    )
    html = client.get(
        url("programmes:programme_detail", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    assert "وكالة التنمية" in html and "التمويل" in html
    table = html[html.index('class="stack-table axis-figures-table"') :].split("</table>")[0]
    assert ">12<" in table and ">4<" in table
    assert zeros(table) == []
    assert say("ar", "not given") in table  # the online ideas were not given
    assert "المنتخبون والجمعيات" in html


def test_the_project_page_shows_the_funding_of_each_activity(client):
    programme = make_programme()
    make_activity(make_project(programme, 1), 1, funding_ar="الميزانية الجماعية")
    html = client.get(
        url("programmes:project_detail", slug="beni-ensar", period="2024-2025", number=1)
    ).content.decode()
    assert "الميزانية الجماعية" in html
    assert say("ar", "Funding:") in html


def test_the_committee_page_shows_the_composition_as_published(client):
    member = make_member()
    Committee.objects.create(member=member, composition_ar="نائب الرئيس و3 منتخبين و4 جمعيات")
    html = client.get(url("programmes:committee_detail", slug=member.slug)).content.decode()
    assert "نائب الرئيس و3 منتخبين و4 جمعيات" in html
    assert say("ar", "Composition as published") in html
    assert 'class="figures"' not in html  # no member listed: no "0 members"


def test_the_programme_page_shows_the_committee_that_follows_it(client):
    programme = make_programme()
    Committee.objects.create(
        member=programme.member,
        programme=programme,
        name_ar="لجنة البرنامج",
        decided_on=datetime.date(2023, 1, 1),
    )
    Committee.objects.create(
        member=programme.member, name_ar="لجنة أحدث", decided_on=datetime.date(2025, 1, 1)
    )
    html = client.get(
        url("programmes:programme_detail", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    assert "لجنة البرنامج" in html and "لجنة أحدث" not in html


def test_the_period_is_isolated_left_to_right_in_headings_breadcrumbs_and_title(client):
    programme = make_programme()
    make_project(programme, 1)
    html = client.get(
        url("programmes:programme_detail", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "\u20662024-2025\u2069" in title
    assert '<li aria-current="page"><bdi dir="ltr">2024-2025</bdi></li>' in html
    assert '<h1 lang="ar" dir="rtl">' not in html  # the page's own language needs no mark
    h1 = html[html.index("<h1") : html.index("</h1>")]
    assert '<bdi dir="ltr">2024-2025</bdi>' in h1
    project = client.get(
        url("programmes:project_detail", slug="beni-ensar", period="2024-2025", number=1)
    ).content.decode()
    assert '<bdi dir="ltr">2024-2025</bdi></a></li>' in project


def test_the_calendar_skips_workshops_without_a_date(client):
    programme = make_programme()
    station = make_station(programme, online_input="")
    make_event(station, title_ar="ورشة بدون تاريخ", starts_at=None, ends_at=DAY)
    make_event(station, title_ar="ورشة قادمة", starts_at=DAY + datetime.timedelta(days=3))
    response = client.get(url("consultations:member_events_ical", slug="beni-ensar"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ورشة قادمة" in body and "ورشة بدون تاريخ" not in body
    undated = Event(title="x", starts_at=None)
    assert "VEVENT" not in ical.calendar([undated], name="x", now=DAY)


def test_a_station_that_took_place_without_a_date_says_date_not_given(client):
    programme = make_programme()
    station = make_station(programme, online_input="", declared_ideas_in_person=4)
    station.starts_on = station.ends_on = None
    station.save()
    html = client.get(
        url("programmes:programme_detail", "fr", slug="beni-ensar", period="2024-2025")
    ).content.decode()
    assert say("fr", "date not given") in html
    assert say("fr", "dates to be announced") not in html
