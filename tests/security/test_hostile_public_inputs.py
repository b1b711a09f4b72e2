"""Hostile input on every public form and every public page that reads parameters.

Each case is one (place × input): the place is a form field or a query parameter (or the
tracking code in the path), the input one of ``INPUTS``. For every case: never a 500; the
injected markup never comes back unescaped; a form either refuses (no row stored, what was
typed shown again where it fits the page) or stores the cleaned text (``ctouvertes.text``).
The number of cases is the number of test ids of ``test_a_hostile_query_parameter`` and
``test_a_hostile_form_field`` (``pytest --collect-only -q tests/security``).
"""

import datetime
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from consultations import services
from consultations.models import Idea, Observation, StationKind
from ctouvertes.text import clean_multiline, clean_single_line

from ..consultations.form_stamps import stamped
from ..consultations.helpers import make_idea, make_station
from ..programmes.helpers import make_member, make_programme, make_project

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
#: What must never come back as markup.
MARKUP = (SCRIPT, "<img src=x onerror", "onerror=alert(1)>")
ARABIC_TIFINAGH = "نقل مدرسي للتلاميذ ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⴱⵏⵉ ⴰⵏⵚⴰⵔ"
BIDI = "\u202etxt.exe\u200b \u2066x\u2069"
#: Characters no stored text may keep.
DANGEROUS = ("\x00", "\u202e", "\u2066", "\u2069", "\ufeff")

#: Values sent as they are (urlencoded by the test client).
INPUTS = {
    "script": SCRIPT,
    "attribute": ATTRIBUTE,
    "sql": "' OR 1=1 --",
    "nul": "a\x00b",
    "percent00": "%00",
    "10k-chars": "ب" * 10_000,
    "bidi-zero-width": BIDI,
    "arabic-tifinagh": ARABIC_TIFINAGH,
    "huge-integer": "99999999999999999999",
    "negative": "-1",
    "superscript": "²",
}
#: Sent as a raw query string or body: the same name twice, bytes that are not UTF-8.
RAW_INPUTS = {
    "array": lambda name: urlencode({name: ["1", "2"]}, doseq=True),
    "invalid-utf8": lambda name: f"{name}=%FF%FE%C3%28abc",
}
#: Only in bodies (a query string of a megabyte is refused before Django by any server).
BODY_ONLY_INPUTS = {"1mb-body": "x" * 1_000_000}

CASABLANCA = ZoneInfo("Africa/Casablanca")
OPEN_DAY = datetime.datetime(2026, 11, 24, 12, tzinfo=CASABLANCA)


@pytest.fixture(autouse=True)
def open_day_and_fresh_limits():
    cache.clear()
    with time_machine.travel(OPEN_DAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def site():
    """A member with a programme whose idea and draft consultations are open, one axis, one
    project and one published idea."""
    member = make_member()
    programme = make_programme(member)
    project = make_project(programme, 1, title_ar="حافلة مدرسية")
    make_station(programme)
    make_station(programme, kind=StationKind.DRAFT_CONSULTATION, online_input="observations")
    idea = make_idea(programme)
    services.publish(idea, user=None)
    return {"member": member, "programme": programme, "project": project, "idea": idea}


def url(name, site, value=None):
    member, project = site["member"], site["project"]
    with translation.override("ar"):
        if name == "idea_list":
            return reverse("consultations:idea_list", kwargs={"slug": member.slug})
        if name == "member_list":
            return reverse("network:member_list")
        if name == "tracking_lookup":
            return reverse("consultations:tracking_lookup")
        if name == "tracking_page":
            return reverse("consultations:tracking_lookup") + quote(value, safe="") + "/"
        if name == "poster":
            return reverse("programmes:poster", kwargs={"slug": member.slug, "fmt": "html"})
        if name == "idea_new":
            return reverse("consultations:idea_new", kwargs={"slug": member.slug})
        if name == "observation_new":
            return reverse(
                "consultations:observation_new",
                kwargs={
                    "slug": member.slug,
                    "period": project.programme.period,
                    "number": project.number,
                },
            )
        if name == "set_language":
            return reverse("set_language")
    raise AssertionError(name)


def assert_no_markup(response):
    text = response.content.decode("utf-8", errors="replace")
    for markup in MARKUP:
        assert markup not in text


# Query parameters (and the tracking code in the path) -------------------------------------------

#: (page, parameter): every parameter a public view reads from its URL.
QUERY_PLACES = [
    ("idea_list", "idea"),
    ("idea_list", "axis"),
    ("idea_list", "channel"),
    ("idea_list", "fate"),
    ("idea_list", "page"),
    ("member_list", "q"),
    ("member_list", "region"),
    ("member_list", "kind"),
    ("member_list", "page"),
    ("tracking_lookup", "code"),
    ("tracking_page", "code"),
    ("poster", "size"),
]
#: Parameters whose text the page shows back to the person who typed it.
SHOWN_BACK = {("member_list", "q"), ("tracking_lookup", "code")}


def query_cases():
    for page, parameter in QUERY_PLACES:
        for input_id in [*INPUTS, *RAW_INPUTS]:
            yield pytest.param(page, parameter, input_id, id=f"{page}?{parameter}-{input_id}")


@pytest.mark.parametrize("page, parameter, input_id", list(query_cases()))
def test_a_hostile_query_parameter(client, site, page, parameter, input_id):
    if page == "tracking_page":  # the code is in the path
        value = None
        if input_id == "invalid-utf8":
            response = client.get(url("tracking_lookup", site) + "%FF%FE%C3%28/")
        else:
            response = client.get(url(page, site, INPUTS.get(input_id, "1,2")))
    elif input_id in RAW_INPUTS:
        value = None
        response = client.get(f"{url(page, site)}?{RAW_INPUTS[input_id](parameter)}")
    else:
        value = INPUTS[input_id]
        response = client.get(f"{url(page, site)}?{urlencode({parameter: value})}")
    assert response.status_code in (200, 301, 302, 404), response.status_code
    assert_no_markup(response)
    if (page, parameter) in SHOWN_BACK and input_id in ("arabic-tifinagh", "sql"):
        shown = value if page == "member_list" else value[:40]
        assert escape(shown) in response.content.decode()
    if input_id == "bidi-zero-width" and (page, parameter) in SHOWN_BACK:
        assert "\u202e" not in response.content.decode()


def test_a_hostile_idea_number_filters_nothing_and_shows_the_published_idea(client, site):
    for value in (SCRIPT, "²", "99999999999999999999", "-1"):
        response = client.get(url("idea_list", site), {"idea": value})
        assert response.status_code == 200
        assert [idea.pk for idea in response.context["page"].object_list] == [site["idea"].pk]


# Form fields ----------------------------------------------------------------------------------

IDEA_FIELDS = {
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
OBSERVATION_FIELDS = {
    **{name: value for name, value in IDEA_FIELDS.items() if name not in ("title", "axis")},
    "aspect": "funding",
}
FORMS = {
    "idea_new": (IDEA_FIELDS, Idea),
    "observation_new": (OBSERVATION_FIELDS, Observation),
    "set_language": ({"language": "fr", "next": "/fr/"}, None),
}
FORM_PLACES = [
    ("idea_new", "title"),
    ("idea_new", "body"),
    ("idea_new", "name"),
    ("idea_new", "association_name"),
    ("idea_new", "phone"),
    ("idea_new", "email"),
    ("idea_new", "axis"),
    ("idea_new", "submitter_kind"),
    ("idea_new", "age_band"),
    ("observation_new", "body"),
    ("observation_new", "aspect"),
    ("observation_new", "name"),
    ("set_language", "language"),
    ("set_language", "next"),
]
#: What the stored text must be, by field, for a form that was accepted.
STORED = {
    "title": clean_single_line,
    "body": lambda value: clean_multiline(value.replace("\r\n", "\n")).strip(),
}


def form_cases():
    for form, field in FORM_PLACES:
        for input_id in [*INPUTS, *RAW_INPUTS, *BODY_ONLY_INPUTS]:
            yield pytest.param(form, field, input_id, id=f"{form}[{field}]-{input_id}")


def post(client, target, fields, field, input_id):
    """POST ``fields`` with ``field`` given the hostile input; returns (response, value sent)."""
    values = {**fields}
    if field == "association_name":
        values["submitter_kind"] = "association"
    if input_id in RAW_INPUTS:
        values.pop(field, None)
        body = f"{urlencode(values)}&{RAW_INPUTS[input_id](field)}"
        response = client.post(target, body, content_type="application/x-www-form-urlencoded")
        return response, None
    value = {**INPUTS, **BODY_ONLY_INPUTS}[input_id]
    values[field] = value
    return client.post(target, values), value


def stored_texts(row):
    return [
        getattr(row, f.attname)
        for f in type(row)._meta.concrete_fields
        if isinstance(getattr(row, f.attname), str)
    ]


@pytest.mark.parametrize("form, field, input_id", list(form_cases()))
def test_a_hostile_form_field(client, site, form, field, input_id):
    fields, model = FORMS[form]
    if model is not None:  # sent a minute after the form page was served
        fields = stamped(fields)
    target = url(form, site)
    count_before = model.objects.count() if model else 0
    response, value = post(client, target, fields, field, input_id)
    assert response.status_code in (200, 302, 400), response.status_code
    assert_no_markup(response)
    if model is None:  # the language switch only redirects, never to another site
        assert response.status_code == 302
        assert not response["Location"].startswith(("//", "http:", "https:", "/\\"))
        return
    rows = model.objects.order_by("-pk")
    if response.status_code == 302:
        assert rows.count() == count_before + 1
        row = rows.first()
        for text in stored_texts(row):
            assert not any(char in text for char in DANGEROUS), text
        if field in STORED and value is not None:
            assert getattr(row, field) == STORED[field](value)
        assert response["Location"] == row.get_absolute_url()
        assert_no_markup(client.get(response["Location"]))
        return
    assert rows.count() == count_before
    if response.status_code == 200 and value is not None and field not in ("axis",):
        # Refused: shown again with what was typed (choices are shown as choices).
        if field not in ("submitter_kind", "age_band", "aspect"):
            assert escape(value.replace("\x00", "")) in response.content.decode().replace(
                "\x00", ""
            )


@pytest.mark.parametrize(
    "form, field",
    [("idea_new", "title"), ("idea_new", "body"), ("observation_new", "body")],
)
def test_a_text_of_only_invisible_characters_is_refused_as_empty_and_kept(
    client, site, form, field
):
    fields, model = FORMS[form]
    invisible = "\u202e\u200b\u2066\ufeff\u2069"
    response = client.post(url(form, site), stamped({**fields, field: invisible}))
    assert response.status_code == 200
    assert not model.objects.exclude(pk=site["idea"].pk).exists()
    assert [error.code for error in response.context["form"].errors.as_data()[field]] == [
        "required"
    ]
    assert invisible in response.content.decode()


def test_an_accepted_idea_keeps_arabic_and_tifinagh_intact(client, site):
    response = client.post(
        url("idea_new", site),
        stamped({**IDEA_FIELDS, "title": ARABIC_TIFINAGH, "body": f"{ARABIC_TIFINAGH}\n\u200cسطر"}),
    )
    assert response.status_code == 302
    idea = Idea.objects.latest("pk")
    assert (idea.title, idea.body) == (ARABIC_TIFINAGH, f"{ARABIC_TIFINAGH}\n\u200cسطر")


@pytest.mark.parametrize("input_id", ["script", "attribute", "bidi-zero-width"])
def test_a_published_hostile_idea_is_shown_as_text(client, site, input_id):
    value = INPUTS[input_id]
    idea = make_idea(site["programme"], title=f"{value} title", body=f"{value} body")
    services.publish(idea, user=None)
    for page in (
        url("idea_list", site),
        idea.get_absolute_url(),
        site["member"].get_absolute_url(),
    ):
        response = client.get(page)
        assert response.status_code == 200
        assert_no_markup(response)
        assert "\u202e" not in response.content.decode()
    assert escape(clean_single_line(f"{value} title")) in client.get(url("idea_list", site)).text
