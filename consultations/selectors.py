"""Participation figures per station, per programme and network-wide.

Participation (participants, women, associations, administration, elected) is the sum of the
workshops' published figures. Idea and observation counts are counted from the stored rows,
except where a member published a figure for a station without entering every idea
(``Station.declared_*``): then the published figure is used for that station, and the figures
say so (``declared`` lists which). Each function runs a fixed number of queries (5).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from .models import Channel, Event, Fate, Idea, Moderation, Observation, Station

PARTICIPATION = ("participants", "women", "associations", "administration", "elected")


@dataclass
class Figures:
    participants: int = 0
    women: int = 0
    associations: int = 0
    administration: int = 0
    elected: int = 0
    ideas_in_person: int = 0
    ideas_online: int = 0
    ideas_paper: int = 0
    ideas_published: int = 0
    ideas_accepted: int = 0
    ideas_rejected: int = 0
    observations: int = 0
    projects_from_ideas: int = 0
    events: int = 0
    declared: set = field(default_factory=set)

    @property
    def ideas(self):
        return self.ideas_in_person + self.ideas_online + self.ideas_paper

    @property
    def women_percent(self):
        """Share of women among participants, rounded to a whole percent (None without data)."""
        if not self.participants:
            return None
        return round(100 * self.women / self.participants)

    def add(self, other):
        for name in self.__dataclass_fields__:
            if name == "declared":
                self.declared |= other.declared
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def _participation_by_station(event_filter):
    rows = (
        Event.objects.filter(event_filter)
        .order_by()
        .values("station_id")
        .annotate(events=Count("pk"), **{name: Sum(name) for name in PARTICIPATION})
    )
    return {row["station_id"]: row for row in rows}


def _idea_counts_by_station(idea_filter):
    rows = (
        Idea.objects.filter(idea_filter)
        .order_by()
        .values("station_id")
        .annotate(
            # distinct: an idea accepted into several projects is one idea.
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


def _figures_for(station, participation, ideas, observations):
    figures = Figures()
    if participation:
        figures.events = participation["events"]
        for name in PARTICIPATION:
            setattr(figures, name, participation[name] or 0)
    if ideas:
        figures.ideas_in_person = ideas["in_person"]
        figures.ideas_online = ideas["online"]
        figures.ideas_paper = ideas["paper"]
        figures.ideas_published = ideas["published"]
        figures.ideas_accepted = ideas["accepted"]
        figures.ideas_rejected = ideas["rejected"]
        figures.projects_from_ideas = ideas["projects"]
    figures.observations = observations or 0
    if station is not None:
        for declared_field, figure in (
            ("declared_ideas_in_person", "ideas_in_person"),
            ("declared_ideas_online", "ideas_online"),
            ("declared_ideas_accepted", "ideas_accepted"),
            ("declared_observations", "observations"),
            ("declared_projects", "projects_from_ideas"),
        ):
            value = getattr(station, declared_field)
            if value is not None:
                setattr(figures, figure, value)
                figures.declared.add(figure)
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
    total.projects_from_ideas = _projects_from_ideas(Q(programme=programme), stations)
    return total, per_station


def _projects_from_ideas(idea_filter, stations):
    """Published figures of the stations that have one, plus the distinct projects that the
    other stations' accepted ideas became (a project fed by two stations counts once)."""
    declared = [s for s in stations if s.declared_projects is not None]
    counted = (
        Idea.objects.filter(idea_filter, fate=Fate.ACCEPTED)
        .exclude(station__in=declared)
        .exclude(projects=None)
        .values("projects")
        .distinct()
        .count()
    )
    return sum(s.declared_projects for s in declared) + counted


def _total_figures(stations, station_filter, idea_filter, observation_filter):
    participation = _participation_by_station(station_filter)
    ideas = _idea_counts_by_station(idea_filter)
    observations = _observation_counts_by_station(observation_filter)
    total = Figures()
    for station in stations:
        total.add(
            _figures_for(
                station,
                participation.get(station.pk),
                ideas.get(station.pk),
                observations.get(station.pk),
            )
        )
    total.add(_figures_for(None, None, ideas.get(None), observations.get(None)))
    total.projects_from_ideas = _projects_from_ideas(idea_filter, stations)
    return total


def member_figures(member):
    """Figures of all of a member's programmes, added up (5 queries)."""
    return _total_figures(
        list(Station.objects.filter(programme__member=member)),
        Q(station__programme__member=member),
        Q(programme__member=member),
        Q(project__programme__member=member),
    )


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
    """Published ideas of a member, for the member page's count."""
    return Idea.objects.filter(programme__member=member, moderation=Moderation.PUBLISHED).count()


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
