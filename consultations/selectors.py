"""Participation figures per station, per programme and network-wide.

Unknown is not zero (``network.figures``): a figure nobody gave is ``None``, and sums add the
known figures only (``add_known``), so "0 participants" is never shown for workshops whose
participation was not published.

Participation (participants, women, associations, administration, elected) is the sum of the
workshops' published figures; a workshop without a figure leaves it unknown, and ``missing``
counts such workshops. The women's share is computed over the workshops that give both the
participants and the women (``women_share``). Idea and observation counts are counted from the
stored rows, except where a member published a figure for a station without entering every
idea (``Station.declared_*``): then the published figure is used for that station, and the
figures say so (``declared`` lists which). A station that published idea figures but did not
enter its ideas has its other idea figures (accepted, rejected, projects) unknown unless
published; a station with no stored idea (or observation) that does not take them online has
them unknown too. Each function runs a fixed number of queries (5).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from network.figures import Figure, Share, add_known, sum_known

from .models import Channel, Event, Fate, Idea, Moderation, Observation, OnlineInput, Station

PARTICIPATION = ("participants", "women", "associations", "administration", "elected")
#: Station fields of published idea figures and the figure each replaces.
DECLARED_IDEAS = (
    ("declared_ideas_in_person", "ideas_in_person"),
    ("declared_ideas_online", "ideas_online"),
    ("declared_ideas_on_paper", "ideas_paper"),
)
DECLARED_OTHERS = (
    ("declared_ideas_accepted", "ideas_accepted"),
    ("declared_observations", "observations"),
    ("declared_projects", "projects_from_ideas"),
)
#: Figures added up by ``Figures.add`` (``None`` + ``None`` stays ``None``).
SUMMED = (
    *PARTICIPATION,
    "women_counted",
    "participants_gender_known",
    "ideas_in_person",
    "ideas_online",
    "ideas_paper",
    "ideas_published",
    "ideas_accepted",
    "ideas_rejected",
    "observations",
    "projects_from_ideas",
    "published_ideas_counter",
)


@dataclass
class Figures:
    participants: int | None = None
    women: int | None = None
    associations: int | None = None
    administration: int | None = None
    elected: int | None = None
    # Women and participants of the workshops that give both (the base of the women's share).
    women_counted: int | None = None
    participants_gender_known: int | None = None
    ideas_in_person: int | None = None
    ideas_online: int | None = None
    ideas_paper: int | None = None
    ideas_published: int | None = None
    ideas_accepted: int | None = None
    ideas_rejected: int | None = None
    observations: int | None = None
    projects_from_ideas: int | None = None
    #: Published ideas counted on the portal, or the published figure of stations that
    #: published one (the member page's "ideas" counter).
    published_ideas_counter: int | None = None
    events: int = 0
    declared: set = field(default_factory=set)
    #: ``{figure: number of workshops that did not give it}``.
    missing: Counter = field(default_factory=Counter)

    @property
    def ideas(self):
        return sum_known((self.ideas_in_person, self.ideas_online, self.ideas_paper))

    @property
    def ideas_declared(self):
        return bool(self.declared & {"ideas_in_person", "ideas_online", "ideas_paper"})

    @property
    def women_share(self):
        """Women among the participants of the workshops that give both figures."""
        return Share(self.women_counted, self.participants_gender_known, self.participants)

    @property
    def women_percent(self):
        """Share of women where the gender is known, rounded to a whole percent (None
        without data)."""
        return self.women_share.percent

    def figure(self, name):
        """A :class:`network.figures.Figure` of one figure, marked when published."""
        value = self.ideas if name == "ideas" else getattr(self, name)
        declared = self.ideas_declared if name == "ideas" else name in self.declared
        if name == "published_ideas_counter":
            declared = self.ideas_declared
        return Figure(value, declared and value is not None)

    def add(self, other):
        for name in SUMMED:
            setattr(self, name, add_known(getattr(self, name), getattr(other, name)))
        self.events += other.events
        self.declared |= other.declared
        self.missing.update(other.missing)
        return self


def _participation_by_station(event_filter):
    both = Q(women__isnull=False, participants__isnull=False)
    rows = (
        Event.objects.filter(event_filter)
        .order_by()
        .values("station_id")
        .annotate(
            events=Count("pk"),
            women_counted=Sum("women", filter=both),
            participants_gender_known=Sum("participants", filter=both),
            # Aliases differ from the field names: a filter on a field must not read an
            # aggregate of the same name.
            **{
                f"{name}_missing": Count("pk", filter=Q(**{f"{name}__isnull": True}))
                for name in PARTICIPATION
            },
            **{f"{name}_sum": Sum(name) for name in PARTICIPATION},
        )
    )
    return {row["station_id"]: row for row in rows}


def _idea_counts_by_station(idea_filter):
    rows = (
        Idea.objects.filter(idea_filter)
        .order_by()
        .values("station_id")
        .annotate(
            # distinct: an idea accepted into several projects is one idea.
            stored=Count("pk", distinct=True),
            in_person=Count("pk", filter=Q(channel=Channel.IN_PERSON), distinct=True),
            online=Count("pk", filter=Q(channel=Channel.ONLINE), distinct=True),
            paper=Count("pk", filter=Q(channel=Channel.PAPER), distinct=True),
            published=Count("pk", filter=Q(moderation=Moderation.PUBLISHED), distinct=True),
            accepted=Count("pk", filter=Q(fate=Fate.ACCEPTED), distinct=True),
            rejected=Count(
                "pk",
                filter=Q(fate__in=[Fate.REJECTED, Fate.OUT_OF_COMPETENCE]),
                distinct=True,
            ),
            projects=Count("projects", filter=Q(fate=Fate.ACCEPTED), distinct=True),
        )
    )
    return {row["station_id"]: row for row in rows}


def _observation_counts_by_station(observation_filter):
    rows = (
        Observation.objects.filter(observation_filter)
        .order_by()
        .values("station_id")
        .annotate(count=Count("pk"))
    )
    return {row["station_id"]: row["count"] for row in rows}


def station_declares_ideas(station):
    return station is not None and any(
        getattr(station, declared) is not None for declared, _ in DECLARED_IDEAS
    )


def _counts_ideas(station, ideas):
    """Whether the stored ideas are what the station collected: some are stored, or it
    takes ideas online (then 0 online ideas is a count), and it published no idea figure."""
    if station_declares_ideas(station):
        return False
    if ideas and ideas["stored"]:
        return True
    return station is not None and station.online_input == OnlineInput.IDEAS


def _figures_for(station, participation, ideas, observations):
    figures = Figures()
    if participation:
        figures.events = participation["events"]
        for name in PARTICIPATION:
            setattr(figures, name, participation[f"{name}_sum"])
        for name in ("women_counted", "participants_gender_known"):
            setattr(figures, name, participation[name])
        for name in PARTICIPATION:
            if participation[f"{name}_missing"]:
                figures.missing[name] = participation[f"{name}_missing"]
    counted = _counts_ideas(station, ideas)
    ideas = ideas or {}
    if counted:
        figures.ideas_in_person = ideas.get("in_person", 0)
        figures.ideas_online = ideas.get("online", 0)
        figures.ideas_paper = ideas.get("paper", 0)
        figures.ideas_accepted = ideas.get("accepted", 0)
        figures.ideas_rejected = ideas.get("rejected", 0)
        figures.projects_from_ideas = ideas.get("projects", 0)
    if ideas.get("stored") or counted:
        # What the portal shows is counted whatever the station published.
        figures.ideas_published = ideas.get("published", 0)
    if observations or (
        station is not None
        and station.online_input == OnlineInput.OBSERVATIONS
        and station.declared_observations is None
    ):
        figures.observations = observations or 0
    if station is not None:
        for declared_field, figure in (*DECLARED_IDEAS, *DECLARED_OTHERS):
            value = getattr(station, declared_field)
            if value is not None:
                setattr(figures, figure, value)
                figures.declared.add(figure)
    if station_declares_ideas(station):
        figures.published_ideas_counter = figures.ideas
    else:
        figures.published_ideas_counter = figures.ideas_published
    return figures


def programme_figures(programme, stations=None):
    """``(total, {station_id: Figures})`` for a programme's stations (5 queries; 4 when the
    caller already has the programme's ``stations``)."""
    if stations is None:
        stations = list(Station.objects.filter(programme=programme).ordered())
    participation = _participation_by_station(Q(station__programme=programme))
    ideas = _idea_counts_by_station(Q(programme=programme))
    observations = _observation_counts_by_station(Q(project__programme=programme))
    per_station = {
        station.pk: _figures_for(
            station,
            participation.get(station.pk),
            ideas.get(station.pk),
            observations.get(station.pk),
        )
        for station in stations
    }
    total = Figures()
    for figures in per_station.values():
        total.add(figures)
    # Ideas and observations entered without a station still count for the programme.
    total.add(_figures_for(None, None, ideas.get(None), observations.get(None)))
    total.projects_from_ideas = _projects_from_ideas(
        Q(programme=programme), stations, per_station, ideas
    )
    return total, per_station


def _projects_from_ideas(idea_filter, stations, per_station, ideas):
    """Published figures of the stations that have one, plus the distinct projects that the
    other stations' accepted ideas became (a project fed by two stations counts once); None
    when no station gives the figure and no idea is counted."""
    declared = [s for s in stations if s.declared_projects is not None]
    counting = [
        s
        for s in stations
        if s.declared_projects is None and per_station[s.pk].projects_from_ideas is not None
    ]
    without_station = ideas.get(None)
    total = sum_known(s.declared_projects for s in declared)
    # Always one query, whatever the data: the page's query count does not depend on it.
    counted = (
        Idea.objects.filter(idea_filter, fate=Fate.ACCEPTED)
        .filter(Q(station__in=counting) | Q(station__isnull=True))
        .exclude(projects=None)
        .values("projects")
        .distinct()
        .count()
    )
    if not counting and not (without_station and without_station["stored"]):
        return total
    return add_known(total, counted)


def _total_figures(stations, station_filter, idea_filter, observation_filter):
    participation = _participation_by_station(station_filter)
    ideas = _idea_counts_by_station(idea_filter)
    observations = _observation_counts_by_station(observation_filter)
    total = Figures()
    per_station = {}
    for station in stations:
        per_station[station.pk] = _figures_for(
            station,
            participation.get(station.pk),
            ideas.get(station.pk),
            observations.get(station.pk),
        )
        total.add(per_station[station.pk])
    total.add(_figures_for(None, None, ideas.get(None), observations.get(None)))
    total.projects_from_ideas = _projects_from_ideas(idea_filter, stations, per_station, ideas)
    return total


def member_figures(member):
    """Figures of all of a member's programmes, added up (5 queries), read once per member
    instance (the member page's counter and its participation section share them)."""
    cached = getattr(member, "_participation_figures", None)
    if cached is not None:
        return cached
    figures = _total_figures(
        list(Station.objects.filter(programme__member=member)),
        Q(station__programme__member=member),
        Q(programme__member=member),
        Q(project__programme__member=member),
    )
    member._participation_figures = figures
    return figures


def network_figures():
    """Figures of every programme of the network, added up (5 queries)."""
    return _total_figures(list(Station.objects.all()), Q(station__isnull=False), Q(), Q())


def stations_timeline(programme, day):
    """The programme's stations in order, each marked open/past/upcoming on ``day``."""
    stations = list(Station.objects.filter(programme=programme).ordered())
    for station in stations:
        if station.is_open_on(day):
            station.state = "open"
        elif station.ends_on and station.ends_on < day:
            station.state = "past"
        elif station.starts_on and station.starts_on > day:
            station.state = "upcoming"
        else:
            station.state = "undated"
        station.days_remaining = station.days_left(day)
    return stations


def member_idea_counts(member):
    """The member page's "ideas" counter: the ideas published on the portal, or the published
    figure of the stations that published one (marked as such); ``None`` when neither is
    known. Shares :func:`member_figures` with the page's participation section."""
    return member_figures(member).figure("published_ideas_counter")


def similar_ideas(idea, limit=5):
    """Ideas of the same member that look like ``idea``: trigram similarity on PostgreSQL,
    shared words on other databases."""
    from django.db import connection

    candidates = Idea.objects.filter(programme__member_id=idea.programme.member_id).exclude(
        pk=idea.pk
    )
    text = f"{idea.title} {idea.body}"
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            candidates.annotate(similarity=TrigramSimilarity("title", idea.title))
            .filter(similarity__gt=0.2)
            .order_by("-similarity")[:limit]
        )
    words = {word for word in text.split() if len(word) > 3}
    scored = []
    for candidate in candidates.only("pk", "title", "body", "tracking_code")[:500]:
        shared = words & set(f"{candidate.title} {candidate.body}".split())
        if shared:
            candidate.similarity = len(shared) / len(words)
            scored.append(candidate)
    scored.sort(key=lambda candidate: candidate.similarity, reverse=True)
    return scored[:limit]


def declared_axis_figures(programme):
    """The figures the member published per axis of ``programme``, in axis order: a list of
    ``DeclaredAxisFigures`` with their axis (1 query). Empty fields are "not given"."""
    from .models import DeclaredAxisFigures

    return list(
        DeclaredAxisFigures.objects.filter(axis__programme=programme)
        .select_related("axis")
        .order_by("axis__number")
    )
