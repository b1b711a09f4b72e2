"""The printable documents: what each one shows, and the version of what it shows.

Each builder returns a :class:`Document`: its template, its file name, the function that reads
its context (run only when the document is rendered) and the rows its content comes from
(``sources``), whose digest is the document's version in the PDF cache (``programmes.pdf``).
A source is a ``values_list`` queryset or a plain value (a URL, a list of ids); it must cover
everything the template shows, so that any edit, addition or deletion changes the version.

Documents: the programme booklet, a project sheet, the committee register, the blank forms of
in-person workshops (idea card, observation card on a draft project, new-project card,
attendance sheet) and the QR poster of the idea form. None of them shows a private contact:
committee members' email and phone (``CommitteeMember.PRIVATE_FIELDS``) and the personal data
of ideas are never in their context.

Internal warnings (``programmes.selectors.project_warnings``: weights that do not add up to
100 %, activities outside the period, a different number of activities than announced) are for
focal points and committee members, not for citizens: the public booklet and sheets
(``for_staff=False``, the default) print the figures as entered — a weight sum of 120 % stays
120 % — but no warning. Only the booklet downloaded from the admin (``for_staff=True``) prints
them; it has its own cache entry (``ids`` ends with ``"staff"``).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import override as language_override

from consultations import selectors as consultation_selectors
from consultations.models import (
    AgeBand,
    DeclaredAxisFigures,
    Event,
    Gender,
    Idea,
    Observation,
    ObservationAspect,
    OnlineInput,
    Station,
    SubmitterKind,
)
from consultations.services import open_station
from network.models import ExpectedResult, Member, Principle

from . import selectors
from .models import (
    Activity,
    Axis,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Competence,
    FundingSource,
    Indicator,
    IndicatorMeasurement,
    Partner,
    Programme,
    ProgrammePartner,
    Project,
    ProjectPartner,
    ProjectResult,
)

#: Rows of the attendance sheet, and of the activity table of the new-project card.
ATTENDANCE_ROWS = 20
NEW_PROJECT_ACTIVITY_ROWS = 5
POSTER_SIZES = ("A4", "A3")


@dataclass
class Document:
    kind: str
    template: str
    filename: str
    ids: tuple
    build: Callable[[], dict]
    sources: Callable[[], list]
    page_size: str = "A4"
    #: The version for focal points and committee members (admin download): prints warnings.
    for_staff: bool = False
    _version: str | None = field(default=None, init=False, repr=False)

    def context(self):
        return {**self.build(), "for_staff": self.for_staff}

    def version(self):
        """Digest of every row the document shows (computed once per document)."""
        if self._version is None:
            digest = hashlib.sha256()
            for source in self.sources():
                rows = list(source) if hasattr(source, "query") else [source]
                digest.update(repr(rows).encode())
                digest.update(b"\x1e")
            self._version = digest.hexdigest()[:20]
        return self._version


def rows(queryset, *fields):
    """The rows of ``queryset`` as tuples of their columns (all stored columns by default)."""
    return queryset.order_by("pk").values_list(*fields)


def language_code():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def network_names():
    """The network's name in Arabic and in French, for covers."""
    names = {}
    for code in ("ar", "fr"):
        with language_override(code):
            names[code] = _("Moroccan Network of Open Territorial Collectivities")
    return names


def member_names(member):
    """The member's names in Arabic, French and Tamazight, without fallbacks."""
    return {code: getattr(member, f"name_{code}", "") or "" for code in ("ar", "fr", "zgh")}


def activity_duration(activity):
    """ "3 months", "12 days": the span of an activity's dates, for the overview matrix."""
    if not (activity.start_date and activity.end_date):
        return ""
    days = (activity.end_date - activity.start_date).days + 1
    if days < 45:
        return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    months = max(1, round(days / 30.44))
    return ngettext("%(count)s month", "%(count)s months", months) % {"count": months}


# Sources shared by several documents ------------------------------------------------------------


def _member_sources(member):
    return [rows(Member.objects.filter(pk=member.pk))]


def _reference_sources():
    return [rows(Principle.objects.all()), rows(ExpectedResult.objects.all())]


def _project_sources(projects):
    """The rows of project sheets: ``projects`` is a queryset of projects."""
    return [
        rows(projects),
        rows(Axis.objects.filter(projects__in=projects).distinct()),
        rows(Project.principles.through.objects.filter(project__in=projects)),
        rows(Activity.objects.filter(project__in=projects)),
        rows(Activity.partners.through.objects.filter(activity__project__in=projects)),
        rows(ProjectPartner.objects.filter(project__in=projects)),
        rows(ProjectResult.objects.filter(project__in=projects)),
        rows(Indicator.objects.filter(project__in=projects)),
        rows(IndicatorMeasurement.objects.filter(indicator__project__in=projects)),
    ]


def _partner_sources(member):
    return [rows(Partner.objects.usable_by_member_ids([member.pk]))]


def _active_committee_members(committee_ids, day):
    return CommitteeMember.objects.filter(committee__in=committee_ids).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=day),
        Q(active_from__isnull=True) | Q(active_from__lte=day),
    )


def _committee_sources(member):
    committees = Committee.objects.filter(member=member)
    day = timezone.localdate()
    return [
        rows(committees),
        rows(CommitteeMember.objects.filter(committee__in=committees)),
        # Who is active today: a member whose mandate ended leaves the register.
        rows(_active_committee_members(committees, day), "pk"),
        rows(CommitteeMeeting.objects.filter(committee__in=committees)),
        rows(
            CommitteeMeeting.attendees.through.objects.filter(
                committeemeeting__committee__in=committees
            )
        ),
    ]


def _consultation_sources(programme):
    return [
        rows(Station.objects.filter(programme=programme)),
        rows(Event.objects.filter(station__programme=programme)),
        rows(
            Idea.objects.filter(programme=programme),
            "pk",
            "station",
            "channel",
            "moderation",
            "fate",
        ),
        rows(Idea.projects.through.objects.filter(idea__programme=programme)),
        rows(Observation.objects.filter(project__programme=programme), "pk", "station"),
    ]


# Project sheets ---------------------------------------------------------------------------------


def project_sheets(programme):
    """Every project of a programme with what its sheet shows, in a fixed number of queries."""
    projects = list(
        Project.objects.filter(programme=programme)
        .with_progress()
        .select_related("axis")
        .prefetch_related(*selectors.sheet_prefetches())
        .order_by("number")
    )
    for project in projects:
        project.programme = programme
        selectors.prepare_sheet(project, programme)
        for activity in project.activity_list:
            activity.duration_text = activity_duration(activity)
    return projects


@dataclass
class MatrixGroup:
    """The rows of one project in the overview matrix (one row per activity)."""

    axis: Axis | None
    project: Project
    activities: list

    @property
    def row_count(self):
        return max(1, len(self.activities))


def overview_matrix(overview, sheets):
    """axis | project | activities | partners | cost | funding | duration | start | end,
    grouped by axis then project, as the members' programmes print it."""
    by_pk = {sheet.pk: sheet for sheet in sheets}
    groups = []
    for axis_overview in overview.axes:
        for project in axis_overview.projects:
            sheet = by_pk[project.pk]
            groups.append(MatrixGroup(axis_overview.axis, sheet, sheet.activity_list))
    for project in overview.unassigned_projects:
        sheet = by_pk[project.pk]
        groups.append(MatrixGroup(None, sheet, sheet.activity_list))
    return groups


# Documents --------------------------------------------------------------------------------------


def booklet(programme, *, for_staff=False):
    """The programme booklet; ``for_staff`` adds the internal warnings (admin download only)."""
    member = programme.member
    projects = Project.objects.filter(programme=programme)

    def build():
        overview = selectors.programme_overview(programme)
        sheets = project_sheets(programme)
        principles = list(Principle.objects.order_by("position", "pk"))
        results = list(ExpectedResult.objects.order_by("position", "pk"))
        for sheet in sheets:
            sheet.checklists = selectors.sheet_checklists(sheet, principles, results)
        stations = consultation_selectors.stations_timeline(programme, timezone.localdate())
        total, per_station = consultation_selectors.programme_figures(programme, stations)
        for station in stations:
            station.figures = per_station.get(station.pk)
        return {
            "member": member,
            "programme": programme,
            "member_names": member_names(member),
            "network_names": network_names(),
            "overview": overview,
            "sheets": sheets,
            "matrix": overview_matrix(overview, sheets),
            "principles": principles,
            "expected_results": results,
            "stations": stations,
            "figures": total,
            "axis_figures": consultation_selectors.declared_axis_figures(programme),
            "partners": selectors.programme_partners(programme),
            # The committee that follows this programme, else the member's current one.
            "committee": selectors.committee_overview(member, programme=programme),
            "swot": programme.swot(),
        }

    def sources():
        return [
            *_member_sources(member),
            rows(Programme.objects.filter(pk=programme.pk)),
            rows(Axis.objects.filter(programme=programme)),
            rows(ProgrammePartner.objects.filter(programme=programme)),
            rows(DeclaredAxisFigures.objects.filter(axis__programme=programme)),
            *_project_sources(projects),
            *_partner_sources(member),
            *_reference_sources(),
            *_committee_sources(member),
            *_consultation_sources(programme),
        ]

    return Document(
        kind="booklet",
        template="programmes/documents/booklet.html",
        filename=f"{member.slug}-{programme.period}-booklet-{language_code()}",
        ids=(programme.pk, "staff") if for_staff else (programme.pk,),
        build=build,
        sources=sources,
        for_staff=for_staff,
    )


def sheet(project):
    programme = project.programme
    member = programme.member

    def build():
        full = selectors.project_sheet(project)
        for activity in full.activity_list:
            activity.duration_text = activity_duration(activity)
        return {
            "member": member,
            "programme": full.programme,
            "project": full,
            "checklists": selectors.project_checklists(full),
        }

    def sources():
        return [
            *_member_sources(member),
            rows(Programme.objects.filter(pk=programme.pk)),
            *_project_sources(Project.objects.filter(pk=project.pk)),
            *_partner_sources(member),
            *_reference_sources(),
        ]

    return Document(
        kind="sheet",
        template="programmes/documents/sheet.html",
        filename=f"{member.slug}-{programme.period}-project-{project.number}-{language_code()}",
        ids=(project.pk,),
        build=build,
        sources=sources,
    )


def committee(member):
    def build():
        return {
            "member": member,
            "member_names": member_names(member),
            "committee": selectors.committee_overview(member),
        }

    return Document(
        kind="committee",
        template="programmes/documents/committee.html",
        filename=f"{member.slug}-committee-{language_code()}",
        ids=(member.pk,),
        build=build,
        sources=lambda: [*_member_sources(member), *_committee_sources(member)],
    )


def current_programme(member):
    """The member's latest programme (by period), or None."""
    return Programme.objects.filter(member=member).order_by("-first_year", "-last_year").first()


def idea_card(member):
    programme = current_programme(member)

    def build():
        axes = list(programme.axes.order_by("number")) if programme else []
        return {
            "member": member,
            "programme": programme,
            "axes": axes,
            "submitter_kinds": SubmitterKind.choices,
            "genders": Gender.choices,
            "age_bands": AgeBand.choices,
        }

    def sources():
        return [
            *_member_sources(member),
            rows(Programme.objects.filter(pk=programme.pk if programme else None)),
            rows(Axis.objects.filter(programme=programme)),
        ]

    return Document(
        kind="idea-card",
        template="programmes/documents/forms/idea_card.html",
        filename=f"{member.slug}-idea-card-{language_code()}",
        ids=(member.pk,),
        build=build,
        sources=sources,
    )


def observation_card(project):
    programme = project.programme
    member = programme.member

    def build():
        return {
            "member": member,
            "programme": programme,
            "project": project,
            "aspects": ObservationAspect.choices,
            "submitter_kinds": SubmitterKind.choices,
            "genders": Gender.choices,
            "age_bands": AgeBand.choices,
        }

    return Document(
        kind="observation-card",
        template="programmes/documents/forms/observation_card.html",
        filename=(
            f"{member.slug}-{programme.period}-project-{project.number}"
            f"-observation-card-{language_code()}"
        ),
        ids=(project.pk,),
        build=build,
        sources=lambda: [
            *_member_sources(member),
            rows(Programme.objects.filter(pk=programme.pk)),
            rows(Project.objects.filter(pk=project.pk)),
        ],
    )


def new_project_card(member):
    programme = current_programme(member)

    def build():
        return {
            "member": member,
            "programme": programme,
            "axes": list(programme.axes.order_by("number")) if programme else [],
            "principles": list(Principle.objects.order_by("position", "pk")),
            "expected_results": list(ExpectedResult.objects.order_by("position", "pk")),
            "competences": Competence.choices,
            "funding_sources": FundingSource.choices,
            "blank_rows": range(1, NEW_PROJECT_ACTIVITY_ROWS + 1),
            "submitter_kinds": SubmitterKind.choices,
            "genders": Gender.choices,
        }

    return Document(
        kind="new-project-card",
        template="programmes/documents/forms/new_project_card.html",
        filename=f"{member.slug}-new-project-card-{language_code()}",
        ids=(member.pk,),
        build=build,
        sources=lambda: [
            *_member_sources(member),
            rows(Programme.objects.filter(pk=programme.pk if programme else None)),
            rows(Axis.objects.filter(programme=programme)),
            *_reference_sources(),
        ],
    )


def attendance_sheet(member):
    def build():
        return {
            "member": member,
            "rows": range(1, ATTENDANCE_ROWS + 1),
            "categories": SubmitterKind.choices,
            "genders": Gender.choices,
        }

    return Document(
        kind="attendance-sheet",
        template="programmes/documents/forms/attendance_sheet.html",
        filename=f"{member.slug}-attendance-sheet-{language_code()}",
        ids=(member.pk,),
        build=build,
        sources=lambda: _member_sources(member),
    )


def open_idea_station(member, day=None):
    """The station open for ideas today in one of the member's programmes (newest first)."""
    day = day or timezone.localdate()
    for programme in Programme.objects.filter(member=member).order_by("-first_year"):
        station = open_station(programme, OnlineInput.IDEAS, day)
        if station is not None:
            station.programme = programme
            return station
    return None


def qr_svg(data, title=""):
    """An inline SVG QR code (pure Python: no Pillow); ``title`` becomes its ``<title>``, the
    alternative text of the figure in the tagged PDF."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(
        data,
        image_factory=SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    if title:
        end = svg.index(">") + 1
        svg = f"{svg[:end]}<title>{escape(title)}</title>{svg[end:]}"
    return svg


def poster(member, *, size, idea_url):
    """The "submit your idea" poster: ``idea_url`` is the absolute URL of the idea form."""
    size = size if size in POSTER_SIZES else POSTER_SIZES[0]
    station = open_idea_station(member)

    def build():
        return {
            "member": member,
            "member_names": member_names(member),
            "idea_url": idea_url,
            "qr_svg": qr_svg(idea_url, title=_("QR code of the idea form")),
            "station": station,
            "size": size,
        }

    def sources():
        open_rows = (
            rows(Station.objects.filter(pk=station.pk)) if station is not None else "no station"
        )
        return [*_member_sources(member), open_rows, idea_url]

    return Document(
        kind="poster",
        template="programmes/documents/poster.html",
        filename=f"{member.slug}-poster-{size.lower()}-{language_code()}",
        ids=(member.pk, size),
        build=build,
        sources=sources,
        page_size=size,
    )


def member_documents_section(member):
    """The member page's section of documents: the current committee and the printable forms
    (for ``network.selectors.register_member_section``; one query)."""
    return {"committee": Committee.objects.current_for(member)}
