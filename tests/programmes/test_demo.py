import io
import re

import pytest
from django.core.management import call_command

from network.models import Member
from programmes import selectors
from programmes.models import CommitteeMember, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def test_the_demo_beni_ensar_programme_has_its_nine_projects_and_96_activities(client, demo):
    response = client.get("/ar/members/beni-ensar/programmes/2024-2025/")
    overview = response.context["overview"]
    assert response.status_code == 200
    assert len(overview.projects) == 9
    assert overview.activity_count == 96
    # A PartialSum: every project gives its budget, so the total is complete.
    assert overview.budget_total.value == 655000 and overview.budget_total.is_complete
    weight_warnings = [p.number for p in overview.projects if p.weight_sum != 100]
    assert weight_warnings == [1, 2, 3, 4, 5, 6]
    text = re.sub(r"\s", "", response.content.decode())
    assert "655000" in text


def test_loading_the_demo_twice_adds_no_committee_member(demo):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    larache = Member.objects.get(slug="larache")
    assert CommitteeMember.objects.filter(committee__member=larache).count() == 12
    assert Programme.objects.filter(member__slug="beni-ensar").count() == 1


def test_the_larache_committee_publishes_its_share_of_women(client, demo):
    overview = selectors.committee_overview(Member.objects.get(slug="larache"))
    assert (overview.member_count, overview.women_count, overview.women_percent) == (12, 6, 50)
    response = client.get("/ar/members/larache/committee/")
    assert "سمية ابو" in response.content.decode()
