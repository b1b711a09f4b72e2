"""Read logic that spans rows: progress of axes and programmes, weight sums, warnings.

Each selector costs a fixed number of queries whatever the number of projects and activities:
projects come with their progress annotated (``Project.objects.with_progress()``) and the rest is
prefetched.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.figures import Share, partial_sum
from network.models import ExpectedResult, Principle

from .models import (
    Activity,
    Axis,
    Competence,
    Indicator,
    IndicatorMeasurement,
    Programme,
    ProgressUpdate,
    Project,
    ProjectPartner,
    ProjectResult,
)

HUNDRED = Decimal("100")


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def weight_sum_is_consistent(weight_sum):
    """Weights should add up to 100 %; ``None`` (no weight entered) is not flagged."""
    return weight_sum is None or Decimal(weight_sum) == HUNDRED


def project_warnings(project, programme, activities=None):
    """What a reader should know about a project's sheet; nothing is corrected."""
    warnings = []
    weight_sum = getattr(project, "weight_sum", None)
    if not weight_sum_is_consistent(weight_sum):
        warnings.append(
            _("The activity weights add up to %(sum)s %% instead of 100 %%.")
            % {"sum": format_number(weight_sum)}
        )
    activity_count = getattr(project, "activity_count", None)
    if (
        project.announced_activity_count is not None
        and activity_count is not None
        and project.announced_activity_count != activity_count
    ):
        warnings.append(
            _("The programme announces %(announced)s activities; %(listed)s are listed.")
            % {"announced": project.announced_activity_count, "listed": activity_count}
        )
    if activities is not None:
        outside = [a.number for a in activities if a.is_outside_period(programme)]
        if outside:
            warnings.append(
                ngettext(
                    "Activity %(numbers)s has dates outside the period %(period)s.",
                    "Activities %(numbers)s have dates outside the period %(period)s.",
                    len(outside),
                )
                % {"numbers": ", ".join(str(n) for n in outside), "period": programme.period}
            )
    return warnings


def format_number(value):
    """100.00 → "100", 99.50 → "99.5" ("99,5" in French): weights as people write them."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


@dataclass
class AxisOverview:
    axis: Axis
    projects: list = field(default_factory=list)

    @property
    def progress(self):
        return mean(p.progress_value for p in self.projects)

    @property
    def progress_known(self):
        """False when no project has an activity that counts: its progress is not given."""
        return any(progress_known(p) for p in self.projects)

    @property
    def budget(self):
        """Estimated budgets of the axis's projects: a ``PartialSum`` (unknown is not 0)."""
        return project_budgets(self.projects)


def progress_known(project):
    """Whether a project (annotated by ``with_progress``) has an activity that counts: without
    one its progress of 0 is not a measurement, and pages say "no activity yet"."""
    return bool(getattr(project, "counted_activity_count", 0))


def project_budgets(projects):
    """The estimated budgets of ``projects`` as a :class:`network.figures.PartialSum`; a
    project without a number counts as unknown, with its budget as written."""
    return partial_sum((p.estimated_budget, p.budget_as_entered) for p in projects)


def activity_costs(activities):
    """The costs of ``activities`` as a :class:`network.figures.PartialSum`, each unknown
    cost with its text as written ("to be determined by the implementing party")."""
    return partial_sum((a.cost, a.cost_note) for a in activities)


@dataclass
class ProgrammeOverview:
    programme: Programme
    axes: list
    projects: list
    unassigned_projects: list
    activities: list

    @property
    def progress(self):
        """Programme progress = plain mean of its projects' progress."""
        return mean(p.progress_value for p in self.projects)

    @property
    def progress_known(self):
        return any(progress_known(p) for p in self.projects)

    @property
    def budget_total(self):
        """A ``PartialSum``: known budgets added, unknown ones counted (never 0 for them)."""
        return project_budgets(self.projects)

    @property
    def activity_costs(self):
        return activity_costs(self.activities)

    @property
    def activity_count(self):
        return sum(p.activity_count for p in self.projects)

    @property
    def projects_with_warnings(self):
        return [p for p in self.projects if p.warnings]


def programme_overview(programme):
    """Everything the programme page shows, in 4 queries."""
    activities = list(
        Activity.objects.filter(project__programme=programme)
        .select_related("project")
        .order_by("start_date", "project__number", "number")
    )
    activities_by_project = {}
    for activity in activities:
        activities_by_project.setdefault(activity.project_id, []).append(activity)
    projects = list(Project.objects.filter(programme=programme).with_progress().order_by("number"))
    axes = list(programme.axes.prefetch_related("principles").order_by("number"))
    overview_by_axis = {axis.pk: AxisOverview(axis=axis) for axis in axes}
    unassigned = []
    for project in projects:
        project.progress_known = progress_known(project)
        project.warnings = project_warnings(
            project, programme, activities_by_project.get(project.pk, [])
        )
        if project.axis_id in overview_by_axis:
            overview_by_axis[project.axis_id].projects.append(project)
        else:
            unassigned.append(project)
    return ProgrammeOverview(
        programme=programme,
        axes=list(overview_by_axis.values()),
        projects=projects,
        unassigned_projects=unassigned,
        activities=activities,
    )


def sheet_prefetches():
    """What a project sheet shows, to prefetch for one project or for all of a programme."""
    return (
        "principles",
        Prefetch("project_results", queryset=ProjectResult.objects.select_related("result")),
        Prefetch("project_partners", queryset=ProjectPartner.objects.select_related("partner")),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch(
                    "measurements",
                    queryset=IndicatorMeasurement.objects.order_by("-measured_on", "-pk"),
                )
            ),
        ),
        Prefetch(
            "activities",
            queryset=Activity.objects.prefetch_related("partners").order_by("number"),
        ),
    )


def prepare_sheet(project, programme):
    """Derive from the prefetched rows what a sheet shows: activities, warnings, the latest
    measurement of each indicator (no query)."""
    activities = list(project.activities.all())
    project.activity_list = activities
    project.activity_costs = activity_costs(activities)
    project.progress_known = progress_known(project)
    project.warnings = project_warnings(project, programme, activities)
    for indicator in project.indicators.all():
        measurements = list(indicator.measurements.all())
        indicator.latest_measurement = measurements[0] if measurements else None
    return project


def project_sheet(project):
    """A project with everything its sheet shows, in a fixed number of queries."""
    project = (
        Project.objects.with_progress()
        .select_related("programme__member", "axis")
        .prefetch_related(*sheet_prefetches())
        .get(pk=project.pk)
    )
    prepare_sheet(project, project.programme)
    project.progress_history = list(
        ProgressUpdate.objects.filter(activity__project=project)
        .select_related("activity")
        .order_by("-reported_on", "-pk")
    )
    return project


def member_programmes(member):
    """The member's programmes with project/axis counts and progress (3 queries)."""
    programmes = list(Programme.objects.filter(member=member).with_counts().order_by("-first_year"))
    projects = Project.objects.filter(programme__in=programmes).with_progress()
    progress_by_programme = {}
    known = set()
    for project in projects:
        progress_by_programme.setdefault(project.programme_id, []).append(project.progress_value)
        if progress_known(project):
            known.add(project.programme_id)
    for programme in programmes:
        programme.progress = mean(progress_by_programme.get(programme.pk, []))
        programme.progress_known = programme.pk in known
    return programmes


def sheet_checklists(project, principles, results):
    """The tick boxes of the paper sheet: every principle, expected result and competence,
    the project's own ticked (principles and results prefetched; no query)."""
    served = {principle.pk for principle in project.principles.all()}
    chosen = {item.result_id: item for item in project.project_results.all()}
    return {
        "principles": [{"item": p, "ticked": p.pk in served} for p in principles],
        "results": [
            {
                "item": result,
                "ticked": result.pk in chosen,
                "contribution": chosen[result.pk].contribution if result.pk in chosen else "",
                "source": chosen.get(result.pk),
            }
            for result in results
        ],
        "competences": [
            {"label": Competence.OWN.label, "ticked": project.competence_own},
            {"label": Competence.SHARED.label, "ticked": project.competence_shared},
            {"label": Competence.TRANSFERRED.label, "ticked": project.competence_transferred},
        ],
    }


def project_checklists(project):
    """:func:`sheet_checklists` for one project from :func:`project_sheet`; two queries, for
    the network's four principles and three expected results."""
    return sheet_checklists(
        project,
        list(Principle.objects.order_by("position", "pk")),
        list(ExpectedResult.objects.order_by("position", "pk")),
    )


def count_member_projects(member):
    """The member's projects, for ``network.selectors.register_public_count("projects", ...)``."""
    return Project.objects.filter(programme__member=member).count()


def count_member_axes(member):
    """The member's axes, for ``network.selectors.register_public_count("axes", ...)``."""
    return Axis.objects.filter(programme__member=member).count()


@dataclass
class CommitteeOverview:
    committee: object
    groups: list  # [(category label, [CommitteeMember, ...]), ...] in category order
    meetings: list
    member_count: int
    women_count: int
    civil_society_count: int
    #: Members whose gender is given (the base of the women's share).
    gender_known_count: int = 0

    @property
    def women_share(self):
        """Women among the members whose gender is given (unknown when none is)."""
        return Share(self.women_count, self.gender_known_count, self.member_count)

    @property
    def civil_society_share(self):
        return Share(self.civil_society_count, self.member_count, self.member_count)

    @property
    def women_percent(self):
        return self.women_share.percent

    @property
    def civil_society_percent(self):
        return self.civil_society_share.percent


def committee_overview(member, day=None, programme=None):
    """The member's committee with its active members grouped by category, its meetings and
    the published shares (women, civil society); None without a committee. With
    ``programme``, the committee that follows that programme when there is one, else the
    member's current one. Runs 3 queries."""
    from django.db.models import Q as _Q
    from django.utils import timezone

    from .models import Committee, CommitteeCategory, CommitteeMember, PersonGender

    if programme is not None:
        committee = programme_committee(programme)
    else:
        # Committee.objects.current_for, with the programme it follows.
        committee = (
            Committee.objects.filter(member=member)
            .select_related("programme__member")
            .order_by("-decided_on", "-pk")
            .first()
        )
    if committee is None:
        return None
    day = day or timezone.localdate()
    members = list(
        CommitteeMember.objects.filter(committee=committee)
        .filter(_Q(active_to__isnull=True) | _Q(active_to__gte=day))
        .filter(_Q(active_from__isnull=True) | _Q(active_from__lte=day))
        .order_by("position", "pk")
    )
    by_category = {}
    for person in members:
        by_category.setdefault(person.category, []).append(person)
    groups = [
        (label, by_category[value])
        for value, label in CommitteeCategory.choices
        if value in by_category
    ]
    meetings = list(committee.meetings.prefetch_related("attendees").order_by("-held_on", "-pk"))
    return CommitteeOverview(
        committee=committee,
        groups=groups,
        meetings=meetings,
        member_count=len(members),
        women_count=sum(1 for p in members if p.gender == PersonGender.WOMAN),
        civil_society_count=sum(
            1 for p in members if p.category == CommitteeCategory.CIVIL_SOCIETY
        ),
        gender_known_count=sum(1 for p in members if p.gender),
    )


def programme_partners(programme):
    """The partners of the whole programme with their roles, in order (1 query)."""
    from .models import ProgrammePartner

    return list(
        ProgrammePartner.objects.filter(programme=programme)
        .select_related("partner")
        .order_by("position", "pk")
    )


def programme_committee(programme):
    """The committee that follows ``programme``, else its member's current one (1 query)."""
    from django.db.models import Case, IntegerField, Value, When

    from .models import Committee

    return (
        Committee.objects.filter(member_id=programme.member_id)
        .select_related("programme__member")
        .annotate(
            follows=Case(
                When(programme=programme, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("follows", "-decided_on", "-pk")
        .first()
    )
