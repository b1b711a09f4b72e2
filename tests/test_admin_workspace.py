"""The admin speaks as the network's portal, and opens on the focal point's member.

The "Your member" panel (consultations/admin_index.py) shows, to a focal point or a committee
member, each of its members' programmes with status, progress, ideas awaiting moderation and open
stations, and links to the admin, public page, programme file and booklet; network staff get
Django's app list without it. Alice is the focal point of Beni Ensar, bob of Larache, charlie a
committee member of Beni Ensar, diana network staff (tests/conftest.py). The index is read on
24 November 2026, while the idea stations (20–30 November) are open.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from consultations.models import Idea, Moderation
from network.models import RoleKind

from .consultations.helpers import make_idea, make_station
from .factories import RoleFactory
from .programmes.helpers import make_activity, make_programme, make_project

TODAY = datetime.datetime(2026, 11, 24, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def on_a_consultation_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def admin_index(client, language="ar"):
    with translation.override(language):
        url = reverse("admin:index")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def panel(content):
    """The "Your member" panel's HTML ("" when the page has none)."""
    match = re.search(r'<div class="workspace" id="workspace">.*?\n</div>', content, re.S)
    return match.group(0) if match else ""


def href(url):
    return f'href="{escape(url)}"'


def programme_with_consultation(member, first_year=2024, ideas=2, published=1):
    """A programme of two weighted activities (60 % at 50, 40 % at 100: 70 % done), an idea
    station open today and ``ideas`` online ideas of which ``published`` are published."""
    programme = make_programme(member, first_year=first_year, last_year=first_year + 1)
    project = make_project(programme, 1)
    make_activity(project, 1, weight=60, progress=50)
    make_activity(project, 2, weight=40, progress=100)
    make_station(programme)
    made = [make_idea(programme, title=f"فكرة {n}") for n in range(ideas)]
    Idea.objects.filter(pk__in=[idea.pk for idea in made[:published]]).update(
        moderation=Moderation.PUBLISHED
    )
    return programme


@pytest.fixture
def programme_a(beni_ensar):
    return programme_with_consultation(beni_ensar, ideas=3, published=1)


@pytest.fixture
def programme_b(larache):
    return programme_with_consultation(larache, ideas=4, published=0)


def test_a_focal_point_sees_its_member_programme_progress_pending_ideas_and_links(
    login, alice, programme_a, programme_b
):
    workspace = panel(admin_index(login(alice)))

    assert "بني انصار" in workspace
    change_url = reverse("admin:programmes_programme_change", args=[programme_a.pk])
    # The period isolated left to right: in Arabic "2024-2025" must not read "2025-2024".
    period = '<bdi dir="ltr">2024-2025</bdi>'
    assert f"{href(change_url)}>{gettext('Programme %(period)s') % {'period': period}}<" in (
        workspace
    )
    assert "70&#8239;%" in workspace
    assert programme_a.get_status_display() in workspace
    pending_url = reverse("admin:consultations_idea_changelist") + (
        f"?programme__id__exact={programme_a.pk}&moderation__exact=pending"
    )
    assert f"{href(pending_url)}>2</a>" in workspace
    for url in (
        reverse("admin:programmes_programme_change", args=[programme_a.pk]),
        programme_a.get_absolute_url(),
        reverse("programme_file:export", args=[programme_a.pk]),
        reverse("programme_file:import"),
        reverse(
            "programmes:booklet",
            kwargs={"slug": "beni-ensar", "period": "2024-2025", "fmt": "pdf"},
        ),
    ):
        assert href(url) in workspace
    # Nothing of Larache, whose programme has the same period.
    assert "العرائش" not in workspace
    assert str(programme_b.pk) not in re.findall(r"/programme/(\d+)/", workspace)


@pytest.mark.parametrize("username", ["alice", "charlie"])
def test_the_panel_links_open_the_pages_they_name(login, alice, charlie, programme_a, username):
    client = login({"alice": alice, "charlie": charlie}[username])
    workspace = panel(admin_index(client))
    urls = [escaped.replace("&amp;", "&") for escaped in re.findall(r'href="([^"]+)"', workspace)]
    booklets = [url for url in urls if url.endswith("booklet.pdf")]
    assert len(booklets) == 1
    for url in set(urls) - set(booklets):  # the booklet is WeasyPrint's: tests/programmes
        response = client.get(url)
        assert response.status_code == 200, url
    pending_list = client.get(
        reverse("admin:consultations_idea_changelist"),
        {"programme__id__exact": programme_a.pk, "moderation__exact": "pending"},
    )
    assert pending_list.context["cl"].result_count == 2


def test_a_committee_member_sees_its_member_to_view_without_import(login, charlie, programme_a):
    workspace = panel(admin_index(login(charlie), "fr"))

    assert "Beni Ensar" in workspace
    with translation.override("fr"):
        assert gettext("View the programme") in workspace
        assert gettext("Edit the programme") not in workspace
        assert href(reverse("programme_file:import")) not in workspace
        assert href(reverse("programme_file:export", args=[programme_a.pk])) in workspace


def test_a_member_without_programme_is_shown_with_what_to_do(login, alice, beni_ensar):
    workspace = panel(admin_index(login(alice)))

    assert "بني انصار" in workspace
    add_url = reverse("admin:programmes_programme_add") + f"?member={beni_ensar.pk}"
    assert href(add_url) in workspace
    assert href(reverse("programme_file:import")) in workspace


def test_an_inactive_member_has_no_public_links(login, alice, beni_ensar, programme_a):
    beni_ensar.is_active = False
    beni_ensar.save(update_fields=["is_active"])

    workspace = panel(admin_index(login(alice)))

    assert href(reverse("programme_file:export", args=[programme_a.pk])) in workspace
    assert href(programme_a.get_absolute_url()) not in workspace
    assert "booklet.pdf" not in workspace


def test_network_staff_get_the_app_list_without_the_panel(login, diana, beni_ensar, programme_a):
    # Even a staff user who is also a member's focal point works across all members.
    RoleFactory(user=diana, member=beni_ensar, kind=RoleKind.FOCAL_POINT)

    content = admin_index(login(diana))

    assert panel(content) == ""
    assert 'id="workspace"' not in content
    assert 'class="app-consultations module' in content
    assert 'class="app-programmes module' in content


def test_the_app_list_follows_the_panel_for_a_focal_point(login, alice, programme_a):
    content = admin_index(login(alice))

    assert content.index('id="workspace"') < content.index('class="app-programmes module')


def test_the_index_costs_the_same_queries_with_1_or_5_programmes(login, alice, beni_ensar):
    client = login(alice)
    programme_with_consultation(beni_ensar, first_year=2016)
    admin_index(client)  # warm the caches (content types, session) before counting
    with CaptureQueriesContext(connection) as one_programme:
        workspace = panel(admin_index(client))
    assert workspace.count('class="workspace-programme"') == 1

    for first_year in (2018, 2020, 2022, 2024):
        programme_with_consultation(beni_ensar, first_year=first_year)
    with CaptureQueriesContext(connection) as five_programmes:
        workspace = panel(admin_index(client))

    assert workspace.count('class="workspace-programme"') == 5
    assert len(five_programmes) == len(one_programme), [q["sql"] for q in five_programmes]


@pytest.mark.parametrize(
    ("language", "network_name"),
    [
        ("ar", "الشبكة المغربية للجماعات الترابية المنفتحة"),
        ("fr", "Réseau marocain des collectivités territoriales ouvertes"),
    ],
)
def test_the_admin_header_and_titles_are_the_networks(login, alice, language, network_name):
    client = login(alice)
    for url_name in ("admin:index", "admin:programmes_programme_changelist"):
        with translation.override(language):
            url = reverse(url_name)
        content = client.get(url).content.decode()
        header = re.search(r'<div id="site-name">(.*?)</div>', content, re.S).group(1)
        title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)

        assert network_name in header
        for django_name in ("Django", "جانغو"):
            assert django_name not in header
            assert django_name not in title
    # "View site" opens the public home in the page's language.
    assert f'href="/{language}/"' in content


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("zgh", "ltr")])
def test_admin_pages_carry_the_language_and_its_direction(login, alice, language, direction):
    content = admin_index(login(alice), language)

    assert f'<html lang="{language}" dir="{direction}">' in content
