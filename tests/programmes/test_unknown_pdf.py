"""Unknown is not zero in the printed documents: the booklet, a project sheet and the
committee register of a programme whose figures were not given (costs "to be determined",
workshops without figures, genders not given, no published figure, no idea) say "not given" or
"to be determined", never a 0 that nobody entered; and they show the data the programme
document publishes (adoption session, programme partners, figures per axis, administration and
elected members, the committee's composition, the committee that follows the programme).

PDF text is read with pypdf (one WeasyPrint render per document); the other checks read the
HTML the PDFs are made from."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from consultations.models import DeclaredAxisFigures
from programmes.models import (
    Committee,
    CommitteeCategory,
    CommitteeMember,
    Partner,
    ProgrammePartner,
)
from tests.consultations.helpers import make_event, make_station

from .helpers import make_activity, make_member, make_programme, make_project
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

TO_BE_DETERMINED = "يحدد من طرف الجهة المنفذة"
DAY = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
#: A 0 nobody entered, as PDF text shows it (narrow spaces made plain by pdf_text).
ZERO_AMOUNT = re.compile(r"(?<![\d.,])0 ?(MAD|درهم)")
ZERO_SHARE = re.compile(r"(?<![\d.,])0 ?%")


@pytest.fixture(autouse=True)
def frozen():
    cache.clear()
    with time_machine.travel(DAY, tick=False):
        yield
    cache.clear()


def say(text, language="ar"):
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def unknown_programme():
    member = make_member("province-x", name="إقليم س")
    programme = make_programme(member, 2024, 2025)
    project = make_project(programme, 1)
    for number in (1, 2):
        make_activity(project, number, cost_note_ar=TO_BE_DETERMINED)
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


def document_url(name, language="ar", **kwargs):
    with translation.override(language):
        return reverse(f"programmes:{name}", kwargs=kwargs)


def booklet(client, programme, fmt="pdf", language="ar"):
    url = document_url(
        "booklet", language, slug=programme.member.slug, period=programme.period, fmt=fmt
    )
    response = client.get(url)
    assert response.status_code == 200
    return response


# All unknown ------------------------------------------------------------------------------------


def test_the_booklet_pdf_has_no_zero_for_unknown_figures(client, unknown_programme):
    text = pdf_text(booklet(client, unknown_programme).content)
    assert ZERO_AMOUNT.findall(text) == []
    assert say("to be determined") in text
    assert TO_BE_DETERMINED in text
    # The workshop gave no figure: no "0" participants, women or associations in the totals.
    html = booklet(client, unknown_programme, fmt="html").content.decode()
    total = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert re.findall(r'class="number">0<', total) == []
    assert 'title="' + say("not given") + '"' in total
    # The committee's genders are not given: no "0 %" of women.
    committee = html[html.index('id="committee"') : html.index('id="matrix"')]
    women = committee.replace("\u202f", " ").split("figure-women")[1].split("</div>")[0]
    assert ZERO_SHARE.findall(women) == []
    assert say("not given") in women


def test_the_project_sheet_pdf_says_the_costs_are_to_be_determined(client, unknown_programme):
    url = document_url(
        "project_sheet",
        slug=unknown_programme.member.slug,
        period=unknown_programme.period,
        number=1,
        fmt="pdf",
    )
    text = pdf_text(client.get(url).content)
    assert ZERO_AMOUNT.findall(text) == []
    assert say("to be determined") in text and TO_BE_DETERMINED in text


def test_the_committee_pdf_says_the_genders_are_not_given(client, unknown_programme):
    url = document_url("committee_document", slug=unknown_programme.member.slug, fmt="pdf")
    text = pdf_text(client.get(url).content)
    assert say("not given") in text
    women = text.split(say("members in office"))[1][:120]
    assert ZERO_SHARE.findall(women) == []


# Partial totals and shares ---------------------------------------------------------------------


def test_the_booklet_total_over_partly_unknown_budgets(client):
    programme = make_programme()
    make_project(programme, 1, estimated_budget=Decimal("655000"))
    make_project(programme, 2)
    html = booklet(client, programme, fmt="html", language="fr").content.decode()
    with translation.override("fr"):
        missing = ngettext(
            "%(count)s amount to be determined", "%(count)s amounts to be determined", 1
        ) % {"count": 1}
    assert "655\u202f000" in html and missing in html


def test_the_booklet_shows_participation_with_administration_elected_and_womens_share(client):
    programme = make_programme()
    station = make_station(programme, online_input="", declared_ideas_on_paper=7)
    make_event(station, participants=51, women=15, administration=18, elected=6)
    make_event(station, participants=20)
    html = booklet(client, programme, fmt="html", language="fr").content.decode()
    table = html[html.index('<table class="stations">') : html.index("</table>")]
    assert ">18<" in table and ">6<" in table and ">71<" in table
    assert "/ 7" in table  # ideas on paper, a published figure
    with translation.override("fr"):
        share = ngettext(
            "%(percent)s %% of %(base)s participant whose gender is known",
            "%(percent)s %% of %(base)s participants whose gender is known",
            51,
        ) % {"percent": 29, "base": 51}
    assert share.replace(" %", "\u202f%") in html


# Data the booklet now shows --------------------------------------------------------------------


def test_the_booklet_shows_the_adoption_partners_figures_per_axis_and_composition(client):
    programme = make_programme(
        council_session_ar="الدورة العادية لشهر أكتوبر 2023",
        adopted_on=datetime.date(2023, 10, 5),
        decision_reference="12/2023",
        vote_outcome_ar="بالإجماع",
    )
    axis = make_project(programme, 1).axis
    partner = Partner.objects.create(name_ar="وكالة التنمية", name="وكالة التنمية")
    ProgrammePartner.objects.create(programme=programme, partner=partner, role_ar="التمويل")
    DeclaredAxisFigures.objects.create(axis=axis, ideas_in_person=12, observations=3)
    Committee.objects.create(
        member=programme.member,
        programme=programme,
        name_ar="لجنة البرنامج",
        composition_ar="المنتخبون والجمعيات",
        decided_on=datetime.date(2023, 1, 1),
    )
    Committee.objects.create(
        member=programme.member, name_ar="لجنة أحدث", decided_on=datetime.date(2025, 1, 1)
    )
    html = booklet(client, programme, fmt="html").content.decode()
    assert "الدورة العادية لشهر أكتوبر" in html and "بالإجماع" in html
    assert "\u206612/2023\u2069" in html
    assert "وكالة التنمية" in html and "التمويل" in html
    table = html[html.index("axis-figures-table") :].split("</table>")[0]
    assert ">12<" in table and ">3<" in table
    assert "المنتخبون والجمعيات" in html
    assert "لجنة البرنامج" in html and "لجنة أحدث" not in html
    text = pdf_text(booklet(client, programme).content)
    assert "وكالة التنمية" in text and "بالإجماع" in text


def test_the_booklet_cover_isolates_the_period(client):
    programme = make_programme()
    html = booklet(client, programme, fmt="html").content.decode()
    cover = html[html.index('class="cover"') : html.index("</section>")]
    assert "\u20662024-2025\u2069" in cover
    status = cover[cover.index('class="cover-status"') :].split("</p>")[0]
    assert "\u20662024-2025\u2069" in status
    title = html[html.index("<title>") : html.index("</title>")]
    assert "\u20662024-2025\u2069" in title


def test_the_committee_pdf_shows_the_composition_as_published(client):
    member = make_member()
    Committee.objects.create(member=member, composition_ar="نائب الرئيس و3 منتخبين و4 جمعيات")
    url = document_url("committee_document", slug=member.slug, fmt="html")
    html = client.get(url).content.decode()
    assert "نائب الرئيس و3 منتخبين و4 جمعيات" in html
    assert say("Composition as published") in html


def test_the_project_sheet_shows_the_funding_of_each_activity(client):
    programme = make_programme()
    make_activity(make_project(programme, 1), 1, funding_ar="الميزانية الجماعية")
    url = document_url("project_sheet", slug="beni-ensar", period="2024-2025", number=1, fmt="html")
    assert "الميزانية الجماعية" in client.get(url).content.decode()
