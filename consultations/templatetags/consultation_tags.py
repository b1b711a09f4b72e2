"""What the programme and project pages show of a consultation, computed once per page in a
fixed number of queries: the stations as a timeline, the participation figures with their bar
charts, the open station's call to action, the observations on a draft project and its form.

The programme templates load these tags, so the programmes app's views need not know about
consultations::

    {% load consultation_tags %}
    {% programme_consultation programme as consultation %}
    {% include "consultations/includes/programme_consultation.html" %}

Numbers written into SVG attributes are formatted here with a dot, never by the template engine
(which would localise them as "12,5").
"""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from consultations import selectors, services
from consultations.forms import ObservationForm
from consultations.models import OnlineInput
from network.templatetags.figure_tags import share_text

register = template.Library()


def _svg_number(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class Bar:
    label: str
    value: int | None  # None: not given (no bar, "not given" written)
    declared: bool = False
    note: str = ""
    x: str = "0"
    width: str = "0"


def bars(rows, *, scale=None):
    """Place bars of ``rows`` (:class:`Bar`) on a 0–100 scale (the largest value unless
    ``scale`` is given). Right to left, a bar starts at the right edge. A row whose value is
    unknown has no bar."""
    largest = scale if scale is not None else max((row.value or 0 for row in rows), default=0)
    rtl = get_language_bidi()
    for row in rows:
        value = row.value or 0
        width = 100 * value / largest if largest else 0
        if value and width < 0.5:
            width = 0.5  # a small number stays visible
        width = min(width, 100)
        row.width = _svg_number(width)
        row.x = _svg_number(100 - width if rtl else 0)
    return rows


@dataclass
class ProgrammeConsultation:
    stations: list
    figures: object
    open_idea_station: object = None
    open_observation_station: object = None
    participation_chart: list = field(default_factory=list)
    channel_chart: list = field(default_factory=list)
    #: ``DeclaredAxisFigures`` of the programme's axes (published figures per axis).
    axis_figures: list = field(default_factory=list)

    @property
    def has_participation(self):
        figures = self.figures
        return any(getattr(figures, name) is not None for name in selectors.PARTICIPATION)

    @property
    def has_figures(self):
        figures = self.figures
        return bool(
            self.has_participation
            or figures.ideas is not None
            or figures.observations is not None
            or figures.projects_from_ideas is not None
            or figures.declared
        )

    @property
    def is_empty(self):
        return not self.stations and not self.has_figures and not self.axis_figures


def _participation_chart(figures):
    declared = figures.declared
    share = figures.women_share
    women_note = ""
    if share.percent is not None:
        women_note = share_text(share, "participants")
    return bars(
        [
            Bar(_("Participants"), figures.participants, "participants" in declared),
            Bar(_("Women"), figures.women, "women" in declared, women_note),
            Bar(_("Associations"), figures.associations, "associations" in declared),
            Bar(_("Administration"), figures.administration, "administration" in declared),
            Bar(_("Elected members"), figures.elected, "elected" in declared),
        ]
    )


def _channel_chart(figures):
    declared = figures.declared
    return bars(
        [
            Bar(_("In person"), figures.ideas_in_person, "ideas_in_person" in declared),
            Bar(_("Online"), figures.ideas_online, "ideas_online" in declared),
            Bar(_("Paper form"), figures.ideas_paper, "ideas_paper" in declared),
        ]
    )


@register.simple_tag
def programme_consultation(programme, day=None):
    """The programme page's consultation part (5 queries, whatever the number of stations
    and axes)."""
    day = day or timezone.localdate()
    stations = selectors.stations_timeline(programme, day)
    total, per_station = selectors.programme_figures(programme, stations)
    for station in stations:
        station.figures = per_station.get(station.pk)
        # Days the station stays open, today included: 1 on its last day.
        station.open_days_left = (
            station.days_remaining + 1 if station.days_remaining is not None else None
        )
    open_stations = [station for station in stations if station.state == "open"]
    return ProgrammeConsultation(
        stations=stations,
        figures=total,
        open_idea_station=next(
            (s for s in open_stations if s.online_input == OnlineInput.IDEAS), None
        ),
        open_observation_station=next(
            (s for s in open_stations if s.online_input == OnlineInput.OBSERVATIONS), None
        ),
        participation_chart=_participation_chart(total),
        channel_chart=_channel_chart(total),
        axis_figures=selectors.declared_axis_figures(programme),
    )


def figures_with_charts(figures):
    """Figures ready for ``consultations/includes/figures.html`` (no station list)."""
    return ProgrammeConsultation(
        stations=[],
        figures=figures,
        participation_chart=_participation_chart(figures),
        channel_chart=_channel_chart(figures),
    )


@register.simple_tag
def project_consultation(project, day=None):
    """The project page's observations: the open draft consultation with an empty form, and the
    published observations with their answers (2 queries)."""
    day = day or timezone.localdate()
    station = services.open_station(project.programme, OnlineInput.OBSERVATIONS, day)
    observations = list(project.observations.published().order_by("-submitted_at", "-pk"))
    return {
        "station": station,
        "open_days_left": station.days_left(day) + 1 if station else None,
        "form": ObservationForm() if station else None,
        "observations": observations,
    }


@register.simple_tag
def idea_in_list_url(idea, member_slug):
    """Where a published idea is shown alone in its member's list of ideas."""
    url = reverse("consultations:idea_list", kwargs={"slug": member_slug})
    return f"{url}?idea={idea.pk}#idea-{idea.pk}"


@register.simple_tag
def personal_data_contact(member):
    """``(text, is_email)``: where a citizen exercises their rights (Law 09-08)."""
    if member.personal_data_contact:
        return member.personal_data_contact, False
    if member.public_focal_point_email:
        return member.public_focal_point_email, True
    return _("the member's offices"), False
