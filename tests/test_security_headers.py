"""Security headers and a page markup that a strict Content-Security-Policy lets through.

The policy (ctouvertes/settings.py, django-csp) allows scripts and styles from the portal's own
files only: a ``style`` attribute, a ``<style>`` element, an inline ``<script>`` or an
``on...=`` handler would be ignored by the browser (a progress bar drawn empty, a Gantt with
every bar at the start). Every public page and every admin page the portal templates itself
must therefore do without them; sizes and positions are classes of static/css/sizes.css.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.models import OnlineInput, StationKind
from programmes.models import Committee, CommitteeCategory, CommitteeMember

from .consultations.helpers import make_idea, make_station
from .factories import UserFactory
from .programmes.helpers import make_activity, make_programme, make_project

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
OPEN_DAY = datetime.date(2026, 11, 24)  # make_station(): 20 to 30 November 2026
SIZES_CSS = Path(settings.BASE_DIR) / "static" / "css" / "sizes.css"
# Class names that stand for a number: each must be a rule of sizes.css.
SIZE_CLASS = re.compile(r"^(?:size|start|gantt-years)-\S+$")
# <script type="..."> that browsers do not run (json_script data): not a script for the CSP.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy refuses, and the size classes used."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refused = []
        self.size_classes = set()

    def handle_starttag(self, tag, attrs):
        where = f"<{tag} {' '.join(name for name, _ in attrs)}>"
        values = dict(attrs)
        for name, _value in attrs:
            if name == "style":
                self.refused.append(f"style attribute on {where}")
            elif name.startswith("on"):
                self.refused.append(f"{name} handler on {where}")
        if tag == "style":
            self.refused.append("<style> element")
        if tag == "script" and not values.get("src"):
            if (values.get("type") or "").strip().lower() not in DATA_SCRIPT_TYPES:
                self.refused.append(f"inline script {where}")
        self.size_classes.update(
            name for name in (values.get("class") or "").split() if SIZE_CLASS.match(name)
        )

    handle_startendtag = handle_starttag


def inspect(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder


def defined_size_classes():
    return set(re.findall(r"^\.((?:size|start|gantt-years)-\d+) \{", SIZES_CSS.read_text(), re.M))


def policy_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_secure(response):
    """The headers every page carries, and markup without inline code or style."""
    assert response.status_code == 200, response.status_code
    directives = policy_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    page = inspect(response.content.decode())
    assert page.refused == []
    assert page.size_classes <= defined_size_classes(), page.size_classes
    return page


def url(name, language="ar", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_day():
    moment = datetime.datetime.combine(OPEN_DAY, datetime.time(12), tzinfo=CASABLANCA)
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def portal(beni_ensar, open_day):
    """A member with a two-year programme in progress (bars and a Gantt), open idea and
    observation stations, a published idea and a follow-up committee."""
    programme = make_programme(beni_ensar, first_year=2025, last_year=2027)
    project = make_project(programme, 1, title_fr="Bus scolaire")
    make_activity(
        project,
        1,
        weight=60,
        progress=45,
        start_date=datetime.date(2025, 3, 17),
        end_date=datetime.date(2026, 2, 9),
    )
    make_activity(project, 2, weight=40, progress=100, start_date=datetime.date(2026, 6, 1))
    make_activity(project, 3, start_date=None, end_date=None)
    make_project(programme, 2)
    make_station(programme, title_ar="جمع الأفكار")
    make_station(
        programme,
        kind=StationKind.DRAFT_CONSULTATION,
        online_input=OnlineInput.OBSERVATIONS,
        title_ar="استشارة حول المشروع",
    )
    diana = UserFactory(username="moderator")
    idea = services.publish(make_idea(programme), user=diana)
    committee = Committee.objects.create(member=beni_ensar, name_ar="لجنة التتبع")
    CommitteeMember.objects.create(
        committee=committee, full_name="محمد المتوكي", category=CommitteeCategory.CHAIR
    )
    return {"programme": programme, "project": project, "idea": idea, "member": beni_ensar}


def public_pages(portal, language):
    member, programme = portal["member"], portal["programme"]
    period = {"slug": member.slug, "period": programme.period}
    return {
        "home": url("network:home", language),
        "directory": url("network:member_list", language),
        "member": url("network:member_detail", language, slug=member.slug),
        "programme": url("programmes:programme_detail", language, **period),
        "project": url("programmes:project_detail", language, number=1, **period),
        "ideas": url("consultations:idea_list", language, slug=member.slug),
        "idea form": url("consultations:idea_new", language, slug=member.slug),
        "observation form": url("consultations:observation_new", language, number=1, **period),
        "tracking look-up": url("consultations:tracking_lookup", language),
        "tracking": url("consultations:idea_tracking", language, code=portal["idea"].tracking_code),
        "committee": url("programmes:committee_detail", language, slug=member.slug),
    }


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_public_page_has_the_security_headers_and_no_inline_code(client, portal, language):
    for name, page_url in public_pages(portal, language).items():
        response = client.get(page_url)
        try:
            assert_secure(response)
        except AssertionError as error:
            raise AssertionError(f"{name} ({page_url}): {error}") from error


def test_the_bars_and_the_gantt_are_drawn_with_classes_of_the_stylesheet(client, portal):
    response = client.get(
        url("programmes:project_detail", "fr", slug="beni-ensar", period="2025-2027", number=1)
    )
    page = assert_secure(response)
    html = response.content.decode()
    # Activity 1 is 45 % done: its progress bar and its Gantt bar are filled to 45 %.
    assert 'aria-valuenow="45"' in html
    assert '<span class="size-45"></span>' in html
    # 17 March 2025 to 9 February 2026 in 2025-2027 (1,095 days): days 75 to 405, 6.8 % to 37 %.
    assert 'class="gantt-bar start-7 size-30"' in html
    assert '<span class="gantt-done size-45"></span>' in html
    # The grid has 3 years and 36 months (classes), the scale as many equal columns.
    assert 'class="gantt gantt-years-3"' in html
    assert html.count('<span class="gantt-year">') == 3
    assert html.count('<span class="gantt-month">') == 36
    # 24 November 2026 is day 692: 63.2 %.
    assert 'class="gantt-today start-63"' in html
    assert {"size-45", "start-7", "size-30", "gantt-years-3", "start-63"} <= page.size_classes


def test_the_home_page_draws_its_region_bars_with_classes(client, portal):
    response = client.get(url("network:home", "fr"))
    assert_secure(response)
    assert 'class="bar size-100"' in response.content.decode()


def test_the_stylesheet_has_every_size_and_position_class():
    defined = defined_size_classes()
    for number in range(101):
        assert f"size-{number}" in defined and f"start-{number}" in defined
    for years in range(1, 102):
        assert f"gantt-years-{years}" in defined
    css = SIZES_CSS.read_text()
    assert ".size-37 { inline-size: 37%; }" in css
    assert ".start-37 { inset-inline-start: 37%; }" in css
    assert ".gantt-years-3 { --years: 3; --months: 36; }" in css


def test_the_checker_finds_what_the_policy_refuses():
    page = inspect(
        '<p style="color:red">x</p><style>p{}</style><script>alert(1)</script>'
        '<button onclick="go()">go</button><img src="a.png" onerror="x()">'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<span class="bar size-12 start-4 gantt-years-2 sizeable"></span>'
    )
    assert len(page.refused) == 5
    assert page.size_classes == {"size-12", "start-4", "gantt-years-2"}


# Admin pages ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, portal):
    user = UserFactory(username="root", is_superuser=True)
    client.force_login(user)
    return client


def admin_pages(portal):
    programme, project = portal["programme"], portal["project"]
    with translation.override("fr"):
        return {
            "index": reverse("admin:index"),
            "programmes": reverse("admin:programmes_programme_changelist"),
            "programme": reverse("admin:programmes_programme_change", args=[programme.pk]),
            "programme history": reverse("admin:programmes_programme_history", args=[programme.pk]),
            "programme file import": reverse("programme_file:import"),
            "projects": reverse("admin:programmes_project_changelist"),
            "project": reverse("admin:programmes_project_change", args=[project.pk]),
            "project export": reverse("admin:programmes_project_export"),
            "project import": reverse("admin:programmes_project_import"),
            "ideas": reverse("admin:consultations_idea_changelist"),
            "idea": reverse("admin:consultations_idea_change", args=[portal["idea"].pk]),
            "committees": reverse("admin:programmes_committee_changelist"),
            "members": reverse("admin:network_member_changelist"),
            "member export": reverse("admin:network_member_export"),
        }


def test_the_admin_login_page_has_no_inline_code(client):
    with translation.override("fr"):
        response = client.get(reverse("admin:login"))
    assert_secure(response)


def test_the_admin_pages_the_portal_templates_have_no_inline_code(admin_client, portal):
    # A project whose activity weights do not add up to 100 % is flagged in red (a class).
    make_activity(portal["project"], 4, weight=30)
    for name, page_url in admin_pages(portal).items():
        response = admin_client.get(page_url)
        try:
            assert_secure(response)
        except AssertionError as error:
            raise AssertionError(f"{name} ({page_url}): {error}") from error


def test_the_admin_loads_the_portal_stylesheet_and_the_export_script(admin_client, portal):
    response = admin_client.get(admin_pages(portal)["project export"])
    html = response.content.decode()
    assert "/static/css/admin.css" in html
    assert "/static/js/export_select_all.js" in html
    assert 'class="select-toggle" name="select-all-toggle" checked' in html


def test_the_printable_documents_draw_their_bars_with_classes(client, portal):
    """The HTML that WeasyPrint reads is also served as a preview (``.html``): its bars use the
    size classes too. Its one ``<style>`` element (the @page size and the translated page
    footer, for printing the preview from a browser) carries the nonce that this response's
    policy allows, and only this response's."""
    period = {"slug": "beni-ensar", "period": "2025-2027"}
    response = client.get(url("programmes:project_sheet", "fr", number=1, fmt="html", **period))
    assert response.status_code == 200
    html = response.content.decode()
    page = inspect(html)
    assert [item for item in page.refused if item != "<style> element"] == []
    assert page.refused.count("<style> element") == 1
    nonce = re.search(r'<style nonce="([^"]+)">@page', html).group(1)
    style_src = next(
        part for part in response["Content-Security-Policy"].split(";") if "style-src" in part
    )
    assert style_src.split() == ["style-src", "'self'", f"'nonce-{nonce}'"]
    other = client.get(url("programmes:project_sheet", "fr", number=1, fmt="html", **period))
    assert f"'nonce-{nonce}'" not in other["Content-Security-Policy"]
    home = client.get(url("network:home", "fr"))
    assert "nonce-" not in home["Content-Security-Policy"]
    assert "/static/css/sizes.css" in html
    assert page.size_classes and page.size_classes <= defined_size_classes()
