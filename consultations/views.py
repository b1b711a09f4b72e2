"""Public pages of consultations: submit an idea or an observation while a station is open,
follow it with its tracking code, the list of published ideas with their fate, and a member's
calendar of upcoming workshops (iCalendar).

Personal data typed in the forms goes to the services and never comes back on a page.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ctouvertes.numbers import parse_id
from ctouvertes.text import clean_single_line
from network.models import Member
from programmes.models import Axis, Programme, Project

from . import ical, selectors, services
from .forms import UNTYPED_FIELDS, IdeaFilterForm, IdeaForm, ObservationForm
from .models import Event, Idea, Observation, OnlineInput, Station
from .ratelimit import (
    address_key,
    is_limited,
    is_over_limit,
    release_slot,
    session_key,
    take_slot,
)
from .templatetags.consultation_tags import figures_with_charts

IDEAS_PER_PAGE = 20
#: ``(hits, seconds)``: accepted submissions one address may send in a window: a whole workshop
#: on one Wi-Fi, or the many people behind one mobile carrier's shared address
#: (``IDEA_RATE_LIMIT_PER_ADDRESS`` and ``OBSERVATION_RATE_LIMIT_PER_ADDRESS`` override).
DEFAULT_ADDRESS_RATE_LIMIT = (30, 3600)
#: ``(hits, seconds)``: accepted submissions one browser (its session) may send in a window
#: (``IDEA_RATE_LIMIT_PER_SESSION`` and ``OBSERVATION_RATE_LIMIT_PER_SESSION`` override).
DEFAULT_SESSION_RATE_LIMIT = (5, 3600)
#: ``(hits, seconds)``: tracking-code look-ups and tracking pages one address may ask for in a
#: window (``TRACKING_LOOKUP_RATE_LIMIT`` overrides), so that codes cannot be enumerated.
DEFAULT_TRACKING_RATE_LIMIT = (30, 600)
#: Longer than any tracking code, even typed with spaces and dashes.
TRACKING_CODE_MAX_LENGTH = 40
#: Session key of the submission just stored, for its confirmation on the tracking page:
#: ``{"code": tracking code, "email": "sent" | "failed" | "pending" | ""}`` (never the address).
CONFIRMATION_SESSION_KEY = "consultations.confirmation"


def _public_member(slug):
    return get_object_or_404(Member.objects.in_network(), slug=slug)


def _member_stations(member, input_kind):
    return Station.objects.filter(programme__member=member, online_input=input_kind)


def open_member_station(member, input_kind, day=None):
    """The station of any of the member's programmes taking ``input_kind`` online on ``day``
    (the latest programme's first), with its programme; None when none is open."""
    day = day or timezone.localdate()
    return (
        _member_stations(member, input_kind)
        .open_on(day)
        .select_related("programme")
        .order_by("-programme__first_year", "position", "starts_on", "pk")
        .first()
    )


def next_member_station(member, input_kind, day=None):
    """The next station of the member that will take ``input_kind`` online, or None."""
    day = day or timezone.localdate()
    return (
        _member_stations(member, input_kind)
        .filter(starts_on__gt=day)
        .select_related("programme")
        .order_by("starts_on", "pk")
        .first()
    )


def member_section(member):
    """The member page's consultation section (``network.selectors.register_member_section``):
    the open station, the next one and the member's participation figures (6 queries)."""
    day = timezone.localdate()
    stations = list(
        Station.objects.filter(programme__member=member, ends_on__gte=day)
        .exclude(online_input=OnlineInput.NONE)
        .select_related("programme")
        .order_by("starts_on", "pk")
    )
    open_stations = [station for station in stations if station.is_open_on(day)]
    upcoming = [station for station in stations if station.starts_on > day]
    return {
        "consultation": figures_with_charts(selectors.member_figures(member)),
        "open_idea_station": next(
            (s for s in open_stations if s.online_input == OnlineInput.IDEAS), None
        ),
        "open_observation_station": next(
            (s for s in open_stations if s.online_input == OnlineInput.OBSERVATIONS), None
        ),
        "next_station": upcoming[0] if upcoming else None,
        "today": day,
    }


def home_section():
    """The home page's network-wide participation figures (5 queries)."""
    return {"consultation": figures_with_charts(selectors.network_figures())}


def _rate_limit(name, default):
    limit, window = getattr(settings, name, default)
    return int(limit), int(window)


def _typed(post):
    """What the citizen typed, to show it again in a form that was not validated."""
    return {
        name: value
        for name, value in post.items()
        if name not in (*UNTYPED_FIELDS, "csrfmiddlewaretoken")
    }


def _add_model_errors(form, error):
    """Errors raised by a service's ``full_clean`` shown on the form's fields (or above it)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field_name, field_messages in error.message_dict.items():
        form.add_error(field_name if field_name in form.fields else None, field_messages)


def _submission_limits(setting):
    """``[(counter, limit, window seconds)]`` of a form: per address, then per session."""
    return [
        ("address", *_rate_limit(f"{setting}_PER_ADDRESS", DEFAULT_ADDRESS_RATE_LIMIT)),
        ("session", *_rate_limit(f"{setting}_PER_SESSION", DEFAULT_SESSION_RATE_LIMIT)),
    ]


def _counter_key(request, scope, counter, *, create=False):
    if counter == "address":
        return address_key(request, scope)
    return session_key(request, scope, create=create)


def _full_limit_window(request, scope, limits):
    """The window (seconds) of the first of ``limits`` the client has used up; None when it
    may still send. Only reads: a refused or invalid form never counts."""
    for counter, limit, window in limits:
        key = _counter_key(request, scope, counter)
        if key is not None and is_over_limit(key, limit=limit, window_seconds=window):
            return window
    return None


def _take_slots(request, scope, limits):
    """Record one accepted submission on every counter of ``limits`` (a browser without a
    session gets one, its cookie sent with the answer): ``(slots taken, None)``, or ``([],
    window)`` when a counter filled up meanwhile (then nothing stays recorded)."""
    slots = []
    for counter, limit, window in limits:
        key = _counter_key(request, scope, counter, create=True)
        slot = take_slot(key, limit=limit, window_seconds=window)
        if slot is None:
            for taken in slots:
                release_slot(taken)
            return [], window
        slots.append(slot)
    return slots, None


def _error_count(form):
    """How many messages a refused form shows (the page title's "Error (2 errors):")."""
    return sum(len(messages_) for messages_ in form.errors.values())


def _email_options(request):
    """What the ``submit_*`` services take to email the tracking code (the page's language is
    the active one); whether the mail server took it is kept for the confirmation."""
    request.session.pop(CONFIRMATION_SESSION_KEY, None)

    def remember(sent):
        confirmation = request.session.get(CONFIRMATION_SESSION_KEY, {})
        request.session[CONFIRMATION_SESSION_KEY] = {
            **confirmation,
            "email": "sent" if sent else "failed",
        }

    return {"absolute_url": request.build_absolute_uri, "on_email_result": remember}


def _remember_confirmation(request, contribution):
    """The confirmation shown once on the tracking page the citizen is sent to."""
    confirmation = request.session.get(CONFIRMATION_SESSION_KEY, {})
    email = confirmation.get("email") or ("pending" if contribution.email else "")
    request.session[CONFIRMATION_SESSION_KEY] = {
        "code": contribution.tracking_code,
        "email": email,
    }


def _submission(request, *, form_class, form_kwargs, scope, setting, submit, success, page):
    """The shared GET/POST flow of the idea and observation forms.

    ``page(form, status=200, **extra)`` renders the form's page; ``submit(data, **email)``
    calls the service (``email``: ``_email_options``) and may raise ``ConsultationClosed``
    (handled by the caller). Only accepted submissions count against the limits of the
    address and of the browser's session.
    """
    if request.method != "POST":
        return page(form_class(**form_kwargs))
    limits = _submission_limits(setting)

    def rate_limited(window):
        form = form_class(initial=_typed(request.POST), **form_kwargs)
        response = page(
            form,
            status=429,
            rate_limited=True,
            retry_minutes=max(1, window // 60),
            error_count=1,
        )
        response["Retry-After"] = str(window)
        return response

    full_window = _full_limit_window(request, scope, limits)
    if full_window is not None:
        return rate_limited(full_window)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        slots, full_window = _take_slots(request, scope, limits)
        if full_window is not None:
            return rate_limited(full_window)
        try:
            contribution = submit(form.contribution_data(), **_email_options(request))
        except Exception as error:
            # Not stored: the submission does not count.
            for slot in slots:
                release_slot(slot)
            if not isinstance(error, ValidationError):
                raise
            _add_model_errors(form, error)
        else:
            messages.success(request, success)
            _remember_confirmation(request, contribution)
            return redirect(contribution.get_absolute_url())
    return page(form, error_count=_error_count(form))


@require_http_methods(["GET", "POST"])
def idea_new(request, slug):
    member = _public_member(slug)
    today = timezone.localdate()
    station = open_member_station(member, OnlineInput.IDEAS, today)
    if station is None:
        return _closed(request, member, today, status=409 if request.method == "POST" else 200)
    programme = station.programme

    def page(form, status=200, **extra):
        context = {
            "member": member,
            "programme": programme,
            "station": station,
            "days_left": station.days_left(today) + 1,
            "form": form,
            **extra,
        }
        return render(request, "consultations/idea_form.html", context, status=status)

    def submit(data, **email):
        return services.submit_idea(programme=programme, data=data, **email)

    try:
        return _submission(
            request,
            form_class=IdeaForm,
            form_kwargs={"programme": programme},
            scope="idea",
            setting="IDEA_RATE_LIMIT",
            submit=submit,
            success=_("Thank you: your idea was received. Keep its tracking code."),
            page=page,
        )
    except services.ConsultationClosed:
        # The station closed between the page and the sending.
        return _closed(request, member, today, status=409)


def _closed(request, member, today, *, status, project=None):
    input_kind = OnlineInput.OBSERVATIONS if project else OnlineInput.IDEAS
    context = {
        "member": member,
        "project": project,
        "next_station": next_member_station(member, input_kind, today),
        "refused": status != 200,
    }
    return render(request, "consultations/closed.html", context, status=status)


def _public_project(slug, period, number):
    member = _public_member(slug)
    try:
        programme = Programme.objects.get_by_period(member, period)
    except (Programme.DoesNotExist, ValueError) as error:
        raise Http404 from error
    return get_object_or_404(
        Project.objects.select_related("programme__member", "axis"),
        programme=programme,
        number=number,
    )


@require_http_methods(["GET", "POST"])
def observation_new(request, slug, period, number):
    project = _public_project(slug, period, number)
    programme, member = project.programme, project.programme.member
    today = timezone.localdate()
    station = services.open_station(programme, OnlineInput.OBSERVATIONS, today)
    if station is None:
        return _closed(
            request,
            member,
            today,
            status=409 if request.method == "POST" else 200,
            project=project,
        )

    def page(form, status=200, **extra):
        context = {
            "member": member,
            "programme": programme,
            "project": project,
            "station": station,
            "days_left": station.days_left(today) + 1,
            "form": form,
            **extra,
        }
        return render(request, "consultations/observation_form.html", context, status=status)

    def submit(data, **email):
        return services.submit_observation(project=project, data=data, **email)

    try:
        return _submission(
            request,
            form_class=ObservationForm,
            form_kwargs={},
            scope="observation",
            setting="OBSERVATION_RATE_LIMIT",
            submit=submit,
            success=_("Thank you: your observation was received. Keep its tracking code."),
            page=page,
        )
    except services.ConsultationClosed:
        return _closed(request, member, today, status=409, project=project)


def normalize_code(code):
    """Tracking codes as people copy them: any case, spaces or dashes inside, invisible
    characters picked up on the way (a NUL, which PostgreSQL refuses, too)."""
    return re.sub(r"[\s\-]+", "", clean_single_line(code or "")).upper()


def find_contribution(code):
    """The idea, else the observation, with this tracking code; None otherwise."""
    code = normalize_code(code)
    if not code or len(code) > TRACKING_CODE_MAX_LENGTH:
        return None
    idea = (
        Idea.objects.select_related("programme__member", "axis", "merged_into", "station")
        .prefetch_related(
            Prefetch(
                "projects", queryset=Project.objects.select_related("programme").order_by("number")
            )
        )
        .filter(tracking_code=code)
        .first()
    )
    if idea is not None:
        return idea
    return (
        Observation.objects.select_related("project__programme__member", "station")
        .filter(tracking_code=code)
        .first()
    )


def _tracking_limited(request, code=""):
    """Count one tracking look-up of the client; the 429 page when it asked for too many (a
    look-up by the form that finds its code counts twice: the form, then the page)."""
    limit, window = _rate_limit("TRACKING_LOOKUP_RATE_LIMIT", DEFAULT_TRACKING_RATE_LIMIT)
    if not is_limited(request, "tracking", limit=limit, window_seconds=window):
        return None
    response = render(
        request,
        "consultations/tracking_lookup.html",
        {
            "code": code[:TRACKING_CODE_MAX_LENGTH],
            "rate_limited": True,
            "retry_minutes": max(1, window // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(window)
    response["X-Robots-Tag"] = "noindex"
    return response


def _pop_confirmation(request, contribution):
    """The confirmation of ``contribution`` when this browser has just sent it (shown once);
    None otherwise. A browser without a session opens none."""
    if CONFIRMATION_SESSION_KEY not in request.session:
        return None
    confirmation = request.session[CONFIRMATION_SESSION_KEY]
    if not isinstance(confirmation, dict) or confirmation.get("code") != contribution.tracking_code:
        return None
    del request.session[CONFIRMATION_SESSION_KEY]
    return confirmation


@never_cache
@require_GET
def idea_tracking(request, code):
    limited = _tracking_limited(request)
    if limited is not None:
        return limited
    contribution = find_contribution(code)
    if contribution is None:
        raise Http404
    if contribution.tracking_code != code:
        return redirect(contribution.get_absolute_url())
    is_idea = isinstance(contribution, Idea)
    programme = contribution.programme if is_idea else contribution.project.programme
    response = render(
        request,
        "consultations/tracking.html",
        {
            "contribution": contribution,
            "is_idea": is_idea,
            "programme": programme,
            "member": programme.member,
            "confirmation": _pop_confirmation(request, contribution),
            "tracking_url": request.build_absolute_uri(contribution.get_absolute_url()),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def tracking_lookup(request):
    """Find a contribution by the code the citizen kept (typed in a small form). Every code
    typed counts against the address's look-ups, found or not; the empty form does not."""
    code = clean_single_line(request.GET.get("code", ""))
    if code:
        limited = _tracking_limited(request, code)
        if limited is not None:
            return limited
        contribution = find_contribution(code)
        if contribution is not None:
            return redirect(contribution.get_absolute_url())
    response = render(
        request,
        "consultations/tracking_lookup.html",
        {"code": code[:TRACKING_CODE_MAX_LENGTH], "not_found": bool(code)},
        status=404 if code else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def idea_list(request, slug):
    member = _public_member(slug)
    programme_count = Programme.objects.filter(member=member).count()
    axes = (
        Axis.objects.filter(programme__member=member)
        .select_related("programme")
        .order_by("-programme__first_year", "number")
    )
    filter_form = IdeaFilterForm(request.GET or None, axes=axes, show_period=programme_count > 1)
    ideas = (
        Idea.objects.public_list()
        .filter(programme__member=member)
        .prefetch_related("projects__programme")
    )
    filters = filter_form.filters() if request.GET else {}
    # ASCII digits only: "²".isdigit() is true and int() refuses it (a 500).
    single = parse_id(request.GET.get("idea", ""))
    if single is not None:
        ideas = ideas.filter(pk=single)
    ideas = ideas.filter(**filters)
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/idea_list.html",
        {
            "member": member,
            "page": page,
            "filter_form": filter_form,
            "is_filtered": bool(filters) or single is not None,
            "show_period": programme_count > 1,
            "open_station": open_member_station(member, OnlineInput.IDEAS),
            "query_without_page": query.urlencode(),
        },
    )


@require_GET
def member_events_ical(request, slug):
    member = _public_member(slug)
    now = timezone.now()
    # A workshop without a date cannot be put in a calendar.
    events = (
        Event.objects.filter(member=member, starts_at__isnull=False)
        .filter(Q(starts_at__gte=now) | Q(ends_at__gte=now))
        .order_by("starts_at", "pk")
    )
    body = ical.calendar(
        events,
        name=member.name,
        now=now,
        url=request.build_absolute_uri(member.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{member.slug}-events.ics"'
    return response
