"""The attack matrix: every admin page, action, autocomplete, extra admin URL and public URL,
tried against another member's data. Nothing here lists URLs by hand: the cases come from
``admin.site._registry`` (every ModelAdmin, its actions and ``get_urls()``), from every foreign
key that the admin's autocomplete may answer for, and from the URLconf (``get_resolver()``). A
new admin, action or URL is attacked without anyone remembering to add it; a newly registered
model without a builder in ``B_BUILDERS`` fails ``test_every_registered_model_has_a_builder``.

Member A is Beni Ensar (a focal point and a committee member), member B is Larache. Every object
of B carries a marker ("zqx<model>b") and the private data of both members carries markers too
(pending and hidden contributions, submitters' names, emails and phones, committee members'
contacts, an unpublished focal point contact). A's users must never receive a B marker, never
change a row (the whole database of the portal's apps is compared before and after every
write attempt), and anonymous visitors must never receive a private marker of any member, in
HTML, CSV, XLSX, iCal or PDF.

The data is built once for the module inside a transaction rolled back at the end; each test
runs in a savepoint of it. ``pytest -s`` (or the terminal summary) prints how many requests
(URL × role) the matrix made.
"""

import collections
import datetime
import io
import re
import zipfile

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.client import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from pypdf import PdfReader

from consultations import services as consultation_services
from consultations.models import (
    Channel,
    Contribution,
    DeclaredAxisFigures,
    Event,
    Idea,
    Observation,
    ObservationAspect,
    Station,
    SubmitterKind,
)
from network.models import CharterItem, ExpectedResult, Member, Principle, Role, RoleKind
from programmes.models import (
    Activity,
    Axis,
    Committee,
    CommitteeMember,
    Indicator,
    Partner,
    Programme,
    Project,
)
from tests.consultations.helpers import make_event, make_station
from tests.factories import (
    CharterItemFactory,
    CommuneFactory,
    RegionFactory,
    RoleFactory,
    UserFactory,
)
from tests.programmes.helpers import make_activity, make_programme, make_project

pytestmark = pytest.mark.django_db

User = get_user_model()
SITE = admin.site
LANGUAGE = "fr"
ROLES = ("focal-A", "committee-A")
#: The moment the public pages are read: the idea station of both members is open.
NOW = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)
#: Requests made by the matrix, per role ("anonymous" for the public walk).
REQUESTS = collections.Counter()

STANDARD_ADMIN_URLS = ("changelist", "add", "history", "delete", "change")
#: The apps whose rows the matrix compares before and after every write attempt.
WATCHED_APPS = ("network", "programmes", "consultations")


def marker(name, side):
    return f"zqx{name}{side}"


# The world ---------------------------------------------------------------------------------------


def build_member_data(member, side, moderator):
    """Everything a member owns, each object with its marker; returns {key: object}."""

    def m(name):
        return marker(name, side)

    programme = make_programme(member, title_ar=m("programme"), title_fr=m("programme"))
    axis = Axis.objects.create(programme=programme, number=1, title_ar=m("axis"))
    project = make_project(programme, 1, axis=axis, title_ar=m("project"), title_fr=m("project"))
    activity = make_activity(project, 1, title_ar=m("activity"))
    indicator = Indicator.objects.create(project=project, kind="tracking", label_ar=m("indicator"))
    partner = Partner.objects.create(name_ar=m("partner"), member=member)
    committee = Committee.objects.create(member=member, programme=programme, name_ar=m("committee"))
    CommitteeMember.objects.create(
        committee=committee,
        full_name=f"Public Name {side}",
        category="elected",
        email=f"{m('committeeemail')}@example.org",
        phone=m("committeephone"),
    )
    station = make_station(
        programme,
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 11, 30),
        title_ar=m("station"),
    )
    figures = DeclaredAxisFigures.objects.create(axis=axis, ideas_online=7)
    event = make_event(station, title_ar=m("event"), title_fr=m("event"))

    def personal(name):
        data = {"submitter_kind": SubmitterKind.ASSOCIATION}
        for field in personal_text_fields():
            text = m(f"{name}{field}")
            data[field] = f"{text}@example.org" if field == "email" else text
        return data

    def idea(key, **data):
        return consultation_services.submit_idea(
            programme=programme,
            data={"title": m(f"{key}title"), "body": m(f"{key}body"), **data},
            day=datetime.date(2026, 11, 24),
        )

    def observation(key, **data):
        return consultation_services.submit_observation(
            project=project,
            data={"aspect": ObservationAspect.PROBLEM, "body": m(f"{key}body"), **data},
            channel=Channel.PAPER,
            event=event,
        )

    published_idea = idea("publishedidea", **personal("publishedidea"))
    consultation_services.publish(published_idea, user=moderator)
    pending_idea = idea("pendingidea", **personal("pendingidea"))
    hidden_idea = idea("hiddenidea", **personal("hiddenidea"))
    consultation_services.hide(hidden_idea, reason=m("hiddenreason"), user=moderator)
    published_observation = observation("publishedobservation", **personal("publishedobs"))
    consultation_services.publish(published_observation, user=moderator)
    pending_observation = observation("pendingobservation", **personal("pendingobs"))
    hidden_observation = observation("hiddenobservation", **personal("hiddenobs"))
    consultation_services.hide(hidden_observation, reason=m("hiddenobsreason"), user=moderator)
    return {
        "member": member,
        "programme": programme,
        "axis": axis,
        "project": project,
        "activity": activity,
        "indicator": indicator,
        "partner": partner,
        "committee": committee,
        "station": station,
        "figures": figures,
        "event": event,
        "published_idea": published_idea,
        "pending_idea": pending_idea,
        "hidden_idea": hidden_idea,
        "published_observation": published_observation,
        "pending_observation": pending_observation,
        "hidden_observation": hidden_observation,
    }


def personal_text_fields():
    """``Contribution.PERSONAL_FIELDS`` typed by the submitter (gender and age band are choices,
    whose labels appear on public pages as labels of other things)."""
    return [name for name in Contribution.PERSONAL_FIELDS if not Idea._meta.get_field(name).choices]


def private_markers(side):
    """What no public page may show, of one member."""
    found = []
    for name in ("pendingidea", "hiddenidea", "pendingobservation", "hiddenobservation"):
        found += [marker(f"{name}title", side), marker(f"{name}body", side)]
    for name in (
        "publishedidea",
        "pendingidea",
        "hiddenidea",
        "publishedobs",
        "pendingobs",
        "hiddenobs",
    ):
        found += [marker(f"{name}{field}", side) for field in personal_text_fields()]
    found += [marker(name, side) for name in ("hiddenreason", "hiddenobsreason")]
    found += [marker(name, side) for name in ("committeeemail", "committeephone")]
    found += [marker(name, side) for name in ("focalemail", "focalphone")]
    return found


#: How to build one object "of member B" for every registered model, and its marker (None: the
#: object is recognised by its admin URL only). A model registered without a builder here fails
#: test_every_registered_model_has_a_builder: add one, then the matrix attacks its admin.
B_BUILDERS = {
    # A member's name is public (the directory); its private contacts are in private_markers().
    Member: lambda world: (world.b["member"], None),
    Role: lambda world: (
        Role.objects.get(user=world.users["focal-B"], kind=RoleKind.FOCAL_POINT),
        "zqxrolefocalb",
    ),
    User: lambda world: (world.users["focal-B"], "zqxrolefocalb"),
    Group: lambda world: (Group.objects.create(name=marker("group", "b")), marker("group", "b")),
    Principle: lambda world: (
        Principle.objects.create(code="zqx-principle", name_ar=marker("principle", "b")),
        marker("principle", "b"),
    ),
    ExpectedResult: lambda world: (
        ExpectedResult.objects.create(code="zqx-result", name_ar=marker("expectedresult", "b")),
        marker("expectedresult", "b"),
    ),
    CharterItem: lambda world: (
        CharterItemFactory(text_ar=marker("charteritem", "b"), position=99),
        marker("charteritem", "b"),
    ),
    Committee: lambda world: (world.b["committee"], marker("committee", "b")),
    Programme: lambda world: (world.b["programme"], marker("programme", "b")),
    Axis: lambda world: (world.b["axis"], marker("axis", "b")),
    Project: lambda world: (world.b["project"], marker("project", "b")),
    Activity: lambda world: (world.b["activity"], marker("activity", "b")),
    Indicator: lambda world: (world.b["indicator"], marker("indicator", "b")),
    Partner: lambda world: (world.b["partner"], marker("partner", "b")),
    Station: lambda world: (world.b["station"], marker("station", "b")),
    DeclaredAxisFigures: lambda world: (world.b["figures"], None),
    Event: lambda world: (world.b["event"], marker("event", "b")),
    Idea: lambda world: (world.b["pending_idea"], marker("pendingideatitle", "b")),
    Observation: lambda world: (
        world.b["pending_observation"],
        marker("pendingobservationbody", "b"),
    ),
}


#: Reference content of the whole network: A's users read it in forms (e.g. an axis's principles),
#: so its marker is not a secret of B; its admin pages are still attacked (staff only).
NETWORK_SHARED = {Principle, ExpectedResult, CharterItem}


def _axes_builder(model):
    def build(world):
        name = marker(model._meta.model_name, "b")
        fields = {
            "username": name,
            "ip_address": "192.0.2.7",
            "user_agent": "zqx",
            "http_accept": "*/*",
            "path_info": "/ar/admin/login/",
        }
        if model._meta.model_name == "accessattempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return model.objects.create(**fields), name

    return build


for _model in SITE._registry:
    if _model._meta.app_label == "axes":
        B_BUILDERS[_model] = _axes_builder(_model)


class World:
    """The module's data, clients and markers."""

    def __init__(self):
        self.users = {}
        self.clients = {}
        region_a = RegionFactory(slug="zqx-region-a")
        region_b = RegionFactory(slug="zqx-region-b")
        member_a = CommuneFactory(slug="beni-ensar", name_fr="Beni Ensar", region=region_a)
        member_b = CommuneFactory(slug="larache", name_fr="Larache", region=region_b)
        for member, side in ((member_a, "a"), (member_b, "b")):
            member.focal_point_email = f"{marker('focalemail', side)}@example.org"
            member.focal_point_phone = marker("focalphone", side)
            member.publish_focal_point_email = False
            member.publish_focal_point_phone = False
            member.save()
        root = UserFactory(username="zqxroot", is_superuser=True)
        self.users["root"] = root
        for role, member, kind in (
            ("focal-A", member_a, RoleKind.FOCAL_POINT),
            ("committee-A", member_a, RoleKind.COMMITTEE_MEMBER),
            ("focal-B", member_b, RoleKind.FOCAL_POINT),
        ):
            user = UserFactory(username=f"zqx{role.replace('-', '').lower()}")
            RoleFactory(user=user, member=member, kind=kind)
            self.users[role] = user
        self.a = build_member_data(member_a, "a", root)
        self.b = build_member_data(member_b, "b", root)
        self.b_objects = {}
        self.b_markers = {}
        for model, build in B_BUILDERS.items():
            obj, text = build(self)
            self.b_objects[model] = obj
            self.b_markers[model] = text
        # Every text of B that A's users may never receive.
        self.b_secrets = sorted(
            {text for model, text in self.b_markers.items() if text and model not in NETWORK_SHARED}
            | set(private_markers("b"))
        )
        for role in (*ROLES, "root"):
            client = Client()
            client.force_login(self.users[role])
            self.clients[role] = client
        self.anonymous = Client()

    def b_object(self, model):
        if model not in self.b_objects:
            pytest.fail(
                f"{model._meta.label} is registered in the admin but has no builder in "
                "B_BUILDERS (tests/security/test_attack_matrix.py): add one so that the attack "
                "matrix covers its admin."
            )
        return self.b_objects[model]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    cache.clear()
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        translation.override(LANGUAGE),
    ):
        with transaction.atomic():
            built = World()
            yield built
            transaction.set_rollback(True)
    cache.clear()


# Helpers ----------------------------------------------------------------------------------------


def body_text(response):
    """What the response shows, whatever its format: HTML, CSV, iCal, XLSX cells, PDF text."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if content.startswith(b"PK"):
        texts = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.endswith(".xml"):
                    texts.append(archive.read(name).decode("utf-8", "replace"))
        return "\n".join(texts)
    return content.decode("utf-8", "replace") + "\n" + response.get("Location", "")


def leaked(response, secrets):
    text = re.sub(r"\s+", "", body_text(response)).lower()
    return [secret for secret in secrets if secret.lower() in text]


def admin_url(name, *args, **kwargs):
    with translation.override(LANGUAGE):
        return reverse(f"admin:{name}", args=args, kwargs=kwargs)


def change_path(obj):
    opts = obj._meta
    return admin_url(f"{opts.app_label}_{opts.model_name}_change", obj.pk)


def watched_models():
    found = [
        model
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return [*found, User, Group]


def fingerprint():
    """Every row of the portal's apps (and users, groups), to prove a request wrote nothing.
    On PostgreSQL one query digests every table; elsewhere the rows are read table by table."""
    if connection.vendor == "postgresql":
        columns = [
            f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.{qn(m._meta.pk.column)}),"
            f" '')) FROM {qn(m._meta.db_table)} t)"
            for m in watched_models()
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns))
            digests = cursor.fetchone()
        return {m._meta.label: d for m, d in zip(watched_models(), digests, strict=True)}
    # Raw rows: the ORM would read modeltranslation's columns through the active language,
    # which the requests in between change.
    rows = {}
    with connection.cursor() as cursor:
        for model in watched_models():
            cursor.execute(
                f"SELECT * FROM {qn(model._meta.db_table)} ORDER BY {qn(model._meta.pk.column)}"
            )
            rows[model._meta.label] = cursor.fetchall()
    return rows


def qn(name):
    return connection.ops.quote_name(name)


def changed_tables(before, after):
    return [label for label in before if before[label] != after[label]]


def send(world, role, method, url, data=None, **extra):
    client = world.anonymous if role == "anonymous" else world.clients[role]
    REQUESTS[role] += 1
    if method == "get":
        return client.get(url, data, **extra)
    return client.post(url, data or {}, **extra)


def is_refused(response):
    """403, 404, or a redirect to the login page or the admin index (never 200)."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/login/" in location or location.rstrip("/").endswith("/admin")
    return False


def assert_safe(world, role, response, what):
    assert response.status_code < 500, f"{role}: {what} answered {response.status_code}"
    leaks = leaked(response, world.b_secrets)
    assert not leaks, f"{role}: {what} shows member B's data: {leaks}"


def serialise_form(form, data):
    """Put ``form``'s current values into ``data`` as a browser would post them."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        elif isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)
    return data


def admin_form_payload(response):
    """The change (or add) form of an admin page, with its inlines, as it would be posted."""
    context = response.context
    data = serialise_form(context["adminform"].form, {})
    for inline in context.get("inline_admin_formsets", ()):
        formset = inline.formset
        serialise_form(formset.management_form, data)
        for form in formset.forms:
            serialise_form(form, data)
    data["_save"] = "Save"
    return data


def staff_payload(world, obj):
    """B's change form as network staff sees it, every marker replaced: a valid form."""
    response = world.clients["root"].get(change_path(obj))
    assert response.status_code == 200, f"staff cannot open {change_path(obj)}"
    payload = admin_form_payload(response)
    for key, value in payload.items():
        if isinstance(value, str) and "zqx" in value:
            payload[key] = value.replace("zqx", "hacked")
    return payload


def model_admin_named(name):
    for model_admin in SITE._registry.values():
        if type(model_admin).__name__ == name:
            return model_admin
    raise LookupError(name)


# The cases --------------------------------------------------------------------------------------


def base_action_names(model_admin):
    return sorted({name for _, name, _ in model_admin._get_base_actions()})


def extra_urls(model_admin):
    opts = model_admin.model._meta
    standard = {f"{opts.app_label}_{opts.model_name}_{suffix}" for suffix in STANDARD_ADMIN_URLS}
    return [
        pattern
        for pattern in model_admin.get_urls()
        if isinstance(pattern, URLPattern) and pattern.name and pattern.name not in standard
    ]


def admin_cases():
    cases = []
    for _model, model_admin in SITE._registry.items():
        name = type(model_admin).__name__
        checks = [
            "changelist",
            "change_get",
            "change_post",
            "delete_get",
            "delete_post",
            "history",
            "view_on_site",
            "crafted_fk_change",
            "crafted_fk_add",
        ]
        checks += [f"action:{action}" for action in base_action_names(model_admin)]
        checks += [f"url:{pattern.name}" for pattern in extra_urls(model_admin)]
        for role in ROLES:
            cases += [
                pytest.param(role, name, check, id=f"{role}→{name}:{check}") for check in checks
            ]
    return cases


def autocomplete_cases():
    """Every forward relation of every model to a registered model with search fields: the
    admin's autocomplete endpoint answers for any of them, not only the declared ones."""
    cases = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.remote_field):
                continue
            remote_admin = SITE._registry.get(field.remote_field.model)
            if remote_admin is None or not remote_admin.search_fields:
                continue
            label = f"{model._meta.label}.{field.name}"
            cases += [
                pytest.param(role, model._meta.label, field.name, id=f"{role}→autocomplete:{label}")
                for role in ROLES
            ]
    return cases


def walk(resolver, prefix="", namespace=None):
    """(route, namespace, pattern) of every URL pattern under ``resolver``; the language
    prefix is written ``<lang>/``."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            route = prefix + "<lang>/"
        else:
            route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from walk(pattern, route, inner)
        else:
            yield route, namespace, pattern


def admin_urlconf_extras():
    """URLs served beside the admin but outside ``admin.site.urls`` (e.g. the programme file)."""
    found = []
    for resolver in get_resolver().url_patterns:
        if not isinstance(resolver, URLResolver):
            continue
        for inner in resolver.url_patterns:
            route = str(inner.pattern)
            if not route.startswith("admin/") or route == "admin/":
                continue
            if isinstance(inner, URLResolver):
                for sub_route, _, pattern in walk(inner, route):
                    found.append((inner.namespace, sub_route, pattern))
    return found


def programme_file_cases():
    cases = []
    for namespace, _route, pattern in admin_urlconf_extras():
        for role in ROLES:
            cases.append(
                pytest.param(role, namespace, pattern.name, id=f"{role}→{namespace}:{pattern.name}")
            )
    return cases


# The admin matrix -------------------------------------------------------------------------------


def test_every_registered_model_has_a_builder():
    missing = [model._meta.label for model in SITE._registry if model not in B_BUILDERS]
    assert not missing, (
        f"Registered in the admin without a builder in B_BUILDERS: {missing}. Add one to "
        "tests/security/test_attack_matrix.py so that the attack matrix covers these admins."
    )


@pytest.mark.parametrize(("role", "admin_name", "check"), admin_cases())
def test_admin_refuses_member_b(world, role, admin_name, check):
    model_admin = model_admin_named(admin_name)
    model = model_admin.model
    obj = world.b_object(model)
    opts = model._meta
    base = f"{opts.app_label}_{opts.model_name}"
    what = f"{admin_name}:{check}"

    if check == "changelist":
        response = send(world, role, "get", admin_url(f"{base}_changelist"))
        assert_safe(world, role, response, what)
        assert change_path(obj) not in body_text(response)
        return
    if check == "change_get":
        response = send(world, role, "get", change_path(obj))
        assert is_refused(response), f"{role}: {what} answered {response.status_code}"
        assert_safe(world, role, response, what)
        return
    if check == "history":
        response = send(world, role, "get", admin_url(f"{base}_history", obj.pk))
        assert is_refused(response), f"{role}: {what} answered {response.status_code}"
        assert_safe(world, role, response, what)
        return
    if check == "delete_get":
        response = send(world, role, "get", admin_url(f"{base}_delete", obj.pk))
        assert is_refused(response), f"{role}: {what} answered {response.status_code}"
        assert_safe(world, role, response, what)
        return
    if check == "view_on_site":
        content_type = ContentType.objects.get_for_model(obj)
        response = send(world, role, "get", admin_url("view_on_site", content_type.pk, obj.pk))
        assert is_refused(response), f"{role}: {what} answered {response.status_code}"
        assert_safe(world, role, response, what)
        return

    before = fingerprint()
    if check == "change_post":
        response = send(world, role, "post", change_path(obj), staff_payload(world, obj))
        assert is_refused(response), f"{role}: {what} answered {response.status_code}"
    elif check == "delete_post":
        response = send(world, role, "post", admin_url(f"{base}_delete", obj.pk), {"post": "yes"})
        assert is_refused(response), f"{role}: {what} answered {response.status_code}"
    elif check.startswith("action:"):
        response = attack_action(world, role, base, obj, check.removeprefix("action:"))
    elif check.startswith("url:"):
        response = attack_extra_url(world, role, model_admin, obj, check.removeprefix("url:"))
    elif check in ("crafted_fk_change", "crafted_fk_add"):
        response = attack_crafted_foreign_keys(world, role, model_admin, check)
    else:
        pytest.fail(f"unknown check {check}")
    if response is not None:
        assert_safe(world, role, response, what)
    changed = changed_tables(before, fingerprint())
    assert not changed, f"{role}: {what} changed {changed}"


def attack_action(world, role, base, obj, action):
    """The action POSTed with B's object selected, its confirmation and form fields included."""
    data = {
        "action": action,
        "_selected_action": [str(obj.pk)],
        "index": "0",
        "apply": "1",
        "post": "yes",
        "reason": "hacked",
        "fate": "accepted",
        "reason_ar": "hacked",
        "answer_ar": "hacked",
        "target": str(world.a["published_idea"].pk),
    }
    return send(world, role, "post", admin_url(f"{base}_changelist"), data)


def url_arguments(world, pattern, obj):
    """B's object for every argument of an admin URL; a second positional argument is the id
    of B's object's latest history row (simple-history's revert pages)."""
    regex = pattern.pattern.regex
    named = list(regex.groupindex)
    converters = getattr(pattern.pattern, "converters", {})
    names = named or list(converters)
    unknown = [name for name in names if name not in ("object_id", "id", "pk")]
    assert not unknown, f"{pattern.name}: no value for URL arguments {unknown}; teach the matrix"
    if names:
        return (), {name: obj.pk for name in names}
    if regex.groups == 0:
        return (), {}
    history = getattr(obj, "history", None)
    values = [obj.pk, history.latest("history_id").history_id if history is not None else obj.pk]
    assert regex.groups <= len(values), f"{pattern.name}: {regex.groups} arguments"
    return tuple(values[: regex.groups]), {}


def b_rows_file(world, model_admin, form):
    """B's rows as the admin's own resource exports them, markers changed, in the form's
    first text format (CSV): what A would upload to write into B."""
    request = RequestFactory().get("/")
    request.user = world.users["root"]
    resource_class = model_admin.get_import_resource_classes(request)[0]
    queryset = model_admin.model._default_manager.filter(pk=world.b_object(model_admin.model).pk)
    dataset = resource_class().export(queryset=queryset)
    content = dataset.export("csv").replace("zqx", "hacked")
    choices = [str(label).lower() for _, label in form.fields["format"].choices]
    index = next(i for i, label in enumerate(choices) if "csv" in label)
    return form.fields["format"].choices[index][0], content


def attack_extra_url(world, role, model_admin, obj, name):
    pattern = next(p for p in extra_urls(model_admin) if p.name == name)
    args, kwargs = url_arguments(world, pattern, obj)
    url = admin_url(name, *args, **kwargs)
    response = send(world, role, "get", url)
    assert_safe(world, role, response, f"GET {name}")
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    data = {"export_items": [str(obj.pk)]}
    if form is not None:
        serialise_form(form, data)
        for field_name, field in form.fields.items():
            if getattr(field, "is_selectable_field", False):
                data[form.add_prefix(field_name)] = "on"
        if "import_file" in form.fields:
            data["format"], content = b_rows_file(world, model_admin, form)
            data["import_file"] = SimpleUploadedFile("rows.csv", content.encode("utf-8"))
    response = send(world, role, "post", url, data)
    result = (response.context or {}).get("result") if response.status_code == 200 else None
    if form is not None and "import_file" in form.fields and response.status_code == 200:
        # The rows were read and every one refused (e.g. "you may not change Larache's data").
        assert result is not None, f"{role}: {name} did not read the uploaded rows"
        assert result.has_validation_errors() or result.has_errors(), result
        assert all(row.import_type in ("invalid", "error", "skip") for row in result.rows)
    confirm = (response.context or {}).get("confirm_form") if response.status_code == 200 else None
    if confirm is not None:
        # The dry run offered to store the rows: confirm, as the attacker would.
        assert_safe(world, role, response, f"POST {name} (preview)")
        opts = model_admin.model._meta
        process = admin_url(f"{opts.app_label}_{opts.model_name}_process_import")
        response = send(world, role, "post", process, serialise_form(confirm, {}))
    return response


def attack_crafted_foreign_keys(world, role, model_admin, check):
    """A's own add or change form posted with a relation pointing to B's object: the form must
    refuse that field (or the whole page must be refused) and write nothing."""
    opts = model_admin.model._meta
    if check == "crafted_fk_change":
        own = own_object(world, model_admin.model)
        if own is None:
            return None
        url = change_path(own)
    else:
        url = admin_url(f"{opts.app_label}_{opts.model_name}_add")
    response = send(world, role, "get", url)
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        assert response.status_code in (302, 403, 404), f"{role}: GET {url} {response.status_code}"
        return response
    assert_safe(world, role, response, f"GET {url}")
    payload = admin_form_payload(response)
    form = response.context["adminform"].form
    attempts = 0
    for field_name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        related = field.queryset.model
        target = world.b_objects.get(related)
        if target is None or related in NETWORK_SHARED:
            continue
        key = form.add_prefix(field_name)
        crafted = dict(payload)
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        crafted[key] = [str(target.pk)] if multiple else str(target.pk)
        answer = send(world, role, "post", url, crafted)
        attempts += 1
        if is_refused(answer):
            continue
        assert answer.status_code == 200, (
            f"{role}: {url} accepted {field_name}={target!r} of member B ({answer.status_code})"
        )
        errors = answer.context["adminform"].form.errors
        assert field_name in errors, (
            f"{role}: {url} did not refuse {field_name}={target!r} of member B: {errors}"
        )
        assert_safe(world, role, answer, f"POST {url} {field_name}")
    return response


def own_object(world, model):
    """A's object of ``model`` (the same kind of object B's builder gives)."""
    keys = {
        Member: "member",
        Committee: "committee",
        Programme: "programme",
        Axis: "axis",
        Project: "project",
        Activity: "activity",
        Indicator: "indicator",
        Partner: "partner",
        Station: "station",
        DeclaredAxisFigures: "figures",
        Event: "event",
        Idea: "pending_idea",
        Observation: "pending_observation",
    }
    return world.a[keys[model]] if model in keys else None


@pytest.mark.parametrize(("role", "source", "field_name"), autocomplete_cases())
def test_autocomplete_never_offers_member_b(world, role, source, field_name):
    app_label, model_name = source.split(".")
    url = admin_url("autocomplete")
    query = {
        "app_label": app_label,
        "model_name": model_name.lower(),
        "field_name": field_name,
        "term": "",
    }
    response = send(world, role, "get", url, query)
    assert response.status_code in (200, 403, 404), response.status_code
    assert_safe(world, role, response, f"autocomplete {source}.{field_name}")
    if response.status_code == 200:
        remote = apps.get_model(source)._meta.get_field(field_name).remote_field.model
        target = world.b_objects.get(remote)
        ids = {str(result["id"]) for result in response.json()["results"]}
        if target is not None:
            assert str(target.pk) not in ids, f"{role}: autocomplete offers B's {target!r}"


@pytest.mark.parametrize(("role", "namespace", "name"), programme_file_cases())
def test_admin_side_urls_refuse_member_b(world, role, namespace, name):
    """URLs served beside the admin (the programme workbook): B's export is refused, an import
    naming member B writes nothing."""
    pattern = next(p for ns, _, p in admin_urlconf_extras() if ns == namespace and p.name == name)
    programme = world.b["programme"]
    args, kwargs = url_arguments(world, pattern, programme)
    with translation.override(LANGUAGE):
        url = reverse(f"{namespace}:{name}", args=args, kwargs=kwargs)
    before = fingerprint()
    response = send(world, role, "get", url)
    assert_safe(world, role, response, f"GET {url}")
    if kwargs or args:
        assert is_refused(response), f"{role}: GET {url} answered {response.status_code}"
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if form is not None:
        from consultations.programme_file import export_programme_file

        workbook = export_programme_file(programme)
        for member in (world.b["member"], world.a["member"]):
            data = serialise_form(form, {})
            for field_name, field in form.fields.items():
                if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Member:
                    data[form.add_prefix(field_name)] = str(member.pk)
                if isinstance(field, forms.BooleanField):
                    data.pop(form.add_prefix(field_name), None)  # store, not only check
                if isinstance(field, forms.FileField):
                    data[form.add_prefix(field_name)] = SimpleUploadedFile(
                        "b.xlsx", workbook if isinstance(workbook, bytes) else workbook.read()
                    )
            answer = send(world, role, "post", url, data)
            assert answer.status_code < 500
            assert_safe(world, role, answer, f"POST {url} naming {member.slug}")
            if member == world.b["member"]:
                assert not is_success_redirect(answer), f"{role}: {url} imported into B"
    assert not changed_tables(before, fingerprint()), f"{role}: {url} wrote rows"


def is_success_redirect(response):
    return response.status_code == 302 and "/login/" not in response["Location"]


# Public pages -----------------------------------------------------------------------------------


def public_patterns():
    """(route, URL name, pattern) of every non-admin URL pattern of the URLconf."""
    found = []
    for route, namespace, pattern in walk(get_resolver()):
        if "admin/" in route or pattern.name in ("set_language",):
            continue
        assert pattern.name, f"public URL {route} has no name; the matrix reverses by name"
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        found.append((route, name, pattern))
    return found


def pattern_alternatives(regex):
    """The literal alternatives of a converter regex like ``pdf|html``, else None."""
    if re.fullmatch(r"[\w-]+(\|[\w-]+)+", regex):
        return regex.split("|")
    return None


def argument_values(world, pattern):
    """[{argument: value}] for every combination worth fetching: both members' slugs, their
    programme's period and project number, a published idea's code, every format."""
    regex = pattern.pattern.regex.pattern
    names = list(pattern.pattern.regex.groupindex)
    converters = getattr(pattern.pattern, "converters", {})
    candidates = {}
    for name in names:
        group = re.search(rf"\(\?P<{name}>(.*?)\)", regex).group(1)
        converter = converters.get(name)
        converter_regex = converter.regex if converter is not None else group
        options = pattern_alternatives(converter_regex)
        if options is not None:
            candidates[name] = options
        elif name == "slug":
            candidates[name] = ["members"]
        elif name == "period":
            candidates[name] = ["period"]
        elif name == "number":
            candidates[name] = ["number"]
        elif name == "code":
            candidates[name] = ["code"]
        else:
            pytest.fail(f"public URL {regex}: no value for argument {name!r}; teach the matrix")
    combinations = [{}]
    for name, options in candidates.items():
        combinations = [{**combo, name: option} for combo in combinations for option in options]
    found = []
    for combo in combinations:
        for side in (world.a, world.b):
            values = {}
            for name, option in combo.items():
                if option == "members":
                    values[name] = side["member"].slug
                elif option == "period":
                    values[name] = side["programme"].period
                elif option == "number":
                    values[name] = side["project"].number
                elif option == "code":
                    values[name] = side["published_idea"].tracking_code
                else:
                    values[name] = option
            found.append(values)
    unique = []
    for values in found:
        if values not in unique:
            unique.append(values)
    return unique


def public_cases():
    return [pytest.param(name, id=f"anonymous→{name}") for _, name, _ in public_patterns()]


@pytest.mark.parametrize("name", public_cases())
def test_public_urls_never_show_private_data(world, name):
    """Every public URL, with both members' slugs, periods, numbers and every format."""
    pattern = next(p for _, n, p in public_patterns() if n == name)
    secrets = private_markers("a") + private_markers("b")
    with time_machine.travel(NOW, tick=False):
        for values in argument_values(world, pattern):
            with translation.override(LANGUAGE):
                url = reverse(name, kwargs=values)
            response = send(world, "anonymous", "get", url)
            assert response.status_code < 500, f"GET {url}: {response.status_code}"
            leaks = leaked(response, secrets)
            assert not leaks, f"GET {url} shows private data: {leaks}"


def test_a_pending_ideas_tracking_page_shows_no_personal_data(world):
    """The tracking code is the submitter's receipt: the page shows the idea, never the
    submitter's name, email or phone."""
    for side, data in (("a", world.a), ("b", world.b)):
        for key, name in (("pending_idea", "pendingidea"), ("hidden_idea", "hiddenidea")):
            with translation.override(LANGUAGE):
                url = reverse("consultations:idea_tracking", args=[data[key].tracking_code])
            response = send(world, "anonymous", "get", url)
            assert response.status_code == 200
            personal = [marker(f"{name}{field}", side) for field in ("name", "email", "phone")]
            assert not leaked(response, personal), url


@pytest.fixture(scope="module", autouse=True)
def report_case_count():
    yield
    total = sum(REQUESTS.values())
    print(f"\nattack matrix: {total} requests (URL × role): {dict(REQUESTS)}")


def test_the_matrix_is_not_empty():
    """A broken walk (no registry, no URL) must not pass silently."""
    assert len(admin_cases()) > 300
    assert len(autocomplete_cases()) >= 10
    assert len(public_cases()) >= 15
    assert programme_file_cases()
    assert set(personal_text_fields()) >= {"name", "email", "phone"}


def test_the_fingerprint_sees_a_write(world):
    """The guard of every write attempt can fail: one changed title changes the fingerprint."""
    before = fingerprint()
    Project.objects.filter(pk=world.b["project"].pk).update(title_fr="changed")
    assert changed_tables(before, fingerprint()) == ["programmes.Project"]
