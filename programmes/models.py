"""Open-action programmes: a member's programme for a period, its axes, projects (the sheets),
activities, indicators and partners.

Rules about what is refused and what is only warned (warnings: ``programmes.selectors``):
refused — what cannot be true (end before start, negative amounts, progress above 100 %,
two programmes of one member for the same period); warned — what real sheets contain and must be
kept as entered (activity weights that do not add up to 100 %, activity dates outside the
programme period, an announced activity count that differs from the listed activities).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctouvertes import uploads
from network.models import ExpectedResult, Member, Principle

HUNDRED = Decimal("100")


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTATION = "implementation", _("In implementation")
    EVALUATED = "evaluated", _("Evaluated")


class ProgrammeQuerySet(models.QuerySet):
    def for_member(self, member):
        return self.filter(member=member)

    def public(self):
        return self.filter(member__is_active=True)

    def with_counts(self):
        return self.annotate(
            project_count=Count("projects", distinct=True),
            axis_count=Count("axes", distinct=True),
        )

    def get_by_period(self, member, period):
        """``period`` is "2024-2025"; raises DoesNotExist/ValueError like ``get``."""
        first_year, last_year = (int(part) for part in period.split("-", 1))
        return self.get(member=member, first_year=first_year, last_year=last_year)


class Programme(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="programmes"
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    cohort = models.PositiveSmallIntegerField(
        _("cohort"),
        null=True,
        blank=True,
        help_text=_(
            "The group of members that joined the network's support programme in the same "
            "year: 1 for the first cohort, 2 for the second. Leave empty when not known."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    consultation_started_on = models.DateField(_("consultation started on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    council_session = models.CharField(_("council session"), max_length=200, blank=True)
    decision_reference = models.CharField(
        _("deliberation or decision reference"), max_length=200, blank=True
    )
    vote_outcome = models.CharField(_("vote outcome"), max_length=300, blank=True)
    implementation_started_on = models.DateField(
        _("implementation started on"), null=True, blank=True
    )
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    strengths = models.TextField(_("strengths"), blank=True, help_text=_("One item per line."))
    weaknesses = models.TextField(_("weaknesses"), blank=True, help_text=_("One item per line."))
    opportunities = models.TextField(
        _("opportunities"), blank=True, help_text=_("One item per line.")
    )
    threats = models.TextField(_("threats"), blank=True, help_text=_("One item per line."))
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("What was unclear in the published document and how it was read."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("open-action programme")
        verbose_name_plural = _("open-action programmes")
        ordering = ["member__slug", "-first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "first_year", "last_year"], name="programme_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="programme_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.period}"

    def get_absolute_url(self):
        return reverse(
            "programmes:programme_detail",
            kwargs={"slug": self.member.slug, "period": self.period},
        )

    @property
    def period(self):
        return f"{self.first_year}-{self.last_year}"

    @property
    def starts_on(self):
        return datetime.date(self.first_year, 1, 1)

    @property
    def ends_on(self):
        return datetime.date(self.last_year, 12, 31)

    def swot(self):
        return {
            "strengths": split_lines(self.strengths),
            "weaknesses": split_lines(self.weaknesses),
            "opportunities": split_lines(self.opportunities),
            "threats": split_lines(self.threats),
        }

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first.")})


class Axis(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="axes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    principles = models.ManyToManyField(Principle, verbose_name=_("principles"), blank=True)
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("What was unclear in the published document and how it was read."),
    )

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="axis_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class PartnerKind(models.TextChoices):
    PUBLIC = "public", _("Public institution")
    COOPERATION = "cooperation", _("International cooperation")
    UNIVERSITY = "university", _("University or research")
    ASSOCIATION = "association", _("Association")
    PRIVATE = "private", _("Private sector")
    OTHER = "other", _("Other")


class PartnerQuerySet(models.QuerySet):
    def usable_by_member_ids(self, member_ids):
        """Shared partners (no owner) and those the given members recorded."""
        return self.filter(Q(member__isnull=True) | Q(member__in=member_ids))


class Partner(models.Model):
    """A reusable partner: shared by the network (no member) or recorded by one member."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("recorded by member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partners",
        help_text=_("Empty for a partner shared by the whole network (e.g. the DGCT)."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammePartner(models.Model):
    """A partner of the whole programme (not of one project) and its role, as published."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="programme_partners",
    )
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT)
    role = models.TextField(_("role"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("programme partner")
        verbose_name_plural = _("programme partners")
        ordering = ["programme", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "partner"], name="programme_partner_unique"
            ),
        ]

    def __str__(self):
        return str(self.partner)


class Competence(models.TextChoices):
    OWN = "own", _("Own competences")
    SHARED = "shared", _("Shared competences")
    TRANSFERRED = "transferred", _("Transferred competences")


class FundingSource(models.TextChoices):
    OWN = "own", _("Own resources")
    PARTNERS = "partners", _("Partners")
    BOTH = "both", _("Own resources and partners")


class CompletionLevel(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


COUNTED_ACTIVITIES = ~Q(activities__status=ActivityStatus.CANCELLED)


class ProjectQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate activity count, weight sum and progress, computed in the database.

        Progress of a project = Σ(weight × progress) / Σ(weight) over its activities that are not
        cancelled (weights normalised by their sum, whatever that sum is); when none of them has
        a weight, the plain mean of their progress; 0 without activities. ``weight_sum`` is the
        sum of all weights as entered, shown beside a warning when it is not 100.
        """
        counted = COUNTED_ACTIVITIES
        weighted = counted & Q(activities__weight__isnull=False)
        return self.annotate(
            activity_count=Count("activities"),
            weight_sum=Sum("activities__weight"),
            counted_activity_count=Count("activities", filter=counted),
            counted_weight=Sum("activities__weight", filter=weighted),
            weighted_progress_sum=Sum(
                Cast(F("activities__weight"), FloatField())
                * Cast(F("activities__progress"), FloatField()),
                filter=weighted,
            ),
            progress_sum=Sum(Cast(F("activities__progress"), FloatField()), filter=counted),
        ).annotate(
            progress_value=Case(
                When(
                    counted_weight__gt=0,
                    then=F("weighted_progress_sum") / Cast(F("counted_weight"), FloatField()),
                ),
                When(
                    counted_activity_count__gt=0,
                    then=F("progress_sum") / Cast(F("counted_activity_count"), FloatField()),
                ),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )

    def ordered(self):
        return self.order_by("number")


class Project(models.Model):
    """An open project and its sheet (بطاقة المشروع)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="projects"
    )
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("axis"),
        on_delete=models.SET_NULL,
        related_name="projects",
        null=True,
        blank=True,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=400)
    problems = models.TextField(
        _("main problems of the axis"), blank=True, help_text=_("One item per line.")
    )
    causes = models.TextField(_("causes"), blank=True, help_text=_("One item per line."))
    consequences = models.TextField(
        _("consequences if untreated"), blank=True, help_text=_("One item per line.")
    )
    solution = models.TextField(
        _("proposed solution"), blank=True, help_text=_("One item per line.")
    )
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One item per line."))
    principles = models.ManyToManyField(Principle, verbose_name=_("principles"), blank=True)
    competence_own = models.BooleanField(_("own competences"), default=False)
    competence_shared = models.BooleanField(_("shared competences"), default=False)
    competence_transferred = models.BooleanField(_("transferred competences"), default=False)
    linked_to_action_plan = models.BooleanField(
        _("linked to the member's action plan"), null=True, blank=True
    )
    feasible_within_period = models.BooleanField(
        _("feasible within the period"), null=True, blank=True
    )
    estimated_budget = models.DecimalField(
        _("estimated budget (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_as_entered = models.CharField(
        _("budget as written on the sheet"),
        max_length=200,
        blank=True,
        help_text=_('Kept as entered when it is not a plain number (e.g. "25000,...").'),
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, blank=True
    )
    funding_details = models.TextField(_("funding details"), blank=True)
    duration = models.CharField(_("duration"), max_length=200, blank=True)
    announced_activity_count = models.PositiveSmallIntegerField(
        _("number of activities announced"),
        null=True,
        blank=True,
        help_text=_("As printed in the programme; compared with the activities listed."),
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), through="ProjectPartner", blank=True
    )
    expected_results = models.ManyToManyField(
        ExpectedResult, verbose_name=_("expected results"), through="ProjectResult", blank=True
    )
    completion_level = models.CharField(
        _("completion level"),
        max_length=20,
        choices=CompletionLevel.choices,
        default=CompletionLevel.NOT_STARTED,
        help_text=_(
            "Your own judgement of the whole project (not started, limited, substantial, "
            "complete), shown on the project's page as its completion level. The progress bar "
            "of the portal is not this: it is computed from the activities' progress and weights."
        ),
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    smart_specific = models.BooleanField(
        _("the objective is specific"),
        null=True,
        blank=True,
        help_text=_(
            "Is the project's objective precise: what changes, for whom, where? "
            "Unknown if not judged."
        ),
    )
    smart_measurable = models.BooleanField(
        _("the objective is measurable"),
        null=True,
        blank=True,
        help_text=_(
            "Can its result be counted or checked, for example with its indicators? "
            "Unknown if not judged."
        ),
    )
    smart_achievable = models.BooleanField(
        _("the objective is achievable"),
        null=True,
        blank=True,
        help_text=_(
            "Can the member carry it out with its means and competences? Unknown if not judged."
        ),
    )
    smart_relevant = models.BooleanField(
        _("the objective is relevant"),
        null=True,
        blank=True,
        help_text=_("Does it answer the problems the citizens raised? Unknown if not judged."),
    )
    smart_time_bound = models.BooleanField(
        _("the objective is time-bound"),
        null=True,
        blank=True,
        help_text=_("Does it have dates, within the programme's period? Unknown if not judged."),
    )
    smart_comment = models.TextField(
        _("comment on the objective"),
        blank=True,
        help_text=_(
            "What the committee said when it checked the objective against the five criteria."
        ),
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("What was unclear in the published document and how it was read."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="project_number_unique"),
            models.CheckConstraint(
                condition=Q(estimated_budget__isnull=True) | Q(estimated_budget__gte=0),
                name="project_budget_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse(
            "programmes:project_detail",
            kwargs={
                "slug": self.programme.member.slug,
                "period": self.programme.period,
                "number": self.number,
            },
        )

    @property
    def competences(self):
        return [
            code
            for code, flag in (
                (Competence.OWN, self.competence_own),
                (Competence.SHARED, self.competence_shared),
                (Competence.TRANSFERRED, self.competence_transferred),
            )
            if flag
        ]

    def clean(self):
        if self.axis_id and self.programme_id and self.axis.programme_id != self.programme_id:
            raise ValidationError({"axis": _("The axis belongs to another programme.")})


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_partners")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT)
    contribution = models.TextField(_("contribution"), blank=True)
    contribution_amount = models.DecimalField(
        _("contribution (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="project_partner_unique"),
            models.CheckConstraint(
                condition=Q(contribution_amount__isnull=True) | Q(contribution_amount__gte=0),
                name="project_partner_amount_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.partner)


class ProjectResult(models.Model):
    """One of the three expected results a project serves, and how it contributes to it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_results")
    result = models.ForeignKey(
        ExpectedResult, verbose_name=_("expected result"), on_delete=models.PROTECT
    )
    contribution = models.TextField(_("how the project contributes"), blank=True)

    class Meta:
        verbose_name = _("expected result of the project")
        verbose_name_plural = _("expected results of the project")
        ordering = ["result__position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "result"], name="project_result_unique"),
        ]

    def __str__(self):
        return str(self.result)


class IndicatorKind(models.TextChoices):
    TRACKING = "tracking", _("Tracking indicator")
    IMPACT = "impact", _("Impact indicator")


class Indicator(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=IndicatorKind.choices,
        help_text=_(
            "A tracking indicator follows the activities as they are carried out; an impact "
            "indicator measures the change for the citizens."
        ),
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    label = models.CharField(_("label"), max_length=400)
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        # xgettext:no-python-format
        help_text=_("E.g. %, meetings, visitors."),
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value before the project; leave empty when not known."),
    )
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value aimed for at the end of the programme's period."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "number"], name="indicator_number_unique"
            ),
        ]

    def __str__(self):
        return self.label


class IndicatorMeasurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "-measured_on", "-pk"]

    def __str__(self):
        return f"{self.measured_on}: {self.value}"


class Activity(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="activities"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The activity's number in the project's schedule.")
    )
    title = models.CharField(_("title"), max_length=500)
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_(
            "As in the project's schedule; leave empty when not given. A date outside the "
            "programme's period is kept and warned about."
        ),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("As in the project's schedule; leave empty when not given."),
    )
    weight = models.DecimalField(
        # xgettext:no-python-format
        _("weight (% of the project)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        # xgettext:no-python-format
        help_text=_(
            "The activity's share of the project, in percent (10 for 10 %); the weights of a "
            "project should add up to 100. Leave empty when the schedule gives none."
        ),
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), blank=True, related_name="activities"
    )
    partners_note = models.CharField(_("partners (as written)"), max_length=400, blank=True)
    cost = models.DecimalField(
        _("cost (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "In dirhams, digits only. Leave empty when the cost is not given: the portal then "
            'says "not given", never 0.'
        ),
    )
    cost_note = models.CharField(
        _("cost (as written)"),
        max_length=400,
        blank=True,
        help_text=_('E.g. "to be determined by the implementing party".'),
    )
    funding = models.CharField(_("funding"), max_length=300, blank=True)
    responsible_service = models.CharField(_("responsible service"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        help_text=_(
            "Where the activity stands today. A cancelled activity no longer counts in the "
            "project's progress."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The share of the activity that is done, from 0 to 100. The project's progress on "
            "the portal is computed from it and from the weights."
        ),
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("What was unclear in the published document and how it was read."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="activity_number_unique"),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="activity_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0),
                name="activity_weight_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="activity_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="activity_end_not_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot come before the start.")})

    def is_outside_period(self, programme):
        """True when a date falls outside the programme's period (warned, not refused)."""
        return any(
            day and not (programme.starts_on <= day <= programme.ends_on)
            for day in (self.start_date, self.end_date)
        )


class ProgressUpdate(models.Model):
    """A dated report of an activity's progress, with a comment."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress_updates"
    )
    reported_on = models.DateField(_("reported on"), default=datetime.date.today)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["activity", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="progress_update_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.reported_on}: {self.progress} %"


class CommitteeQuerySet(models.QuerySet):
    def current_for(self, member):
        """The member's latest committee (by decision date), or None."""
        return self.filter(member=member).order_by("-decided_on", "-pk").first()


class Committee(uploads.ReencodedUploadsMixin, models.Model):
    """The follow-up committee (لجنة تتبع إعداد وتنفيذ وتقييم برنامج الانفتاح) of a member,
    created by a numbered decision of the council's president.

    The scanned decision is public: an image is stored without its metadata (EXIF, GPS), like
    a workshop photo (``uploads.without_metadata`` through ``ReencodedUploadsMixin``)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="committees"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committees",
        help_text=_("The programme this committee follows, when the member says so."),
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        default="لجنة تتبع إعداد وتنفيذ وتقييم برنامج الانفتاح",
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)
    decision_document = models.FileField(
        _("scanned decision"),
        upload_to="committees/decisions/",
        blank=True,
        validators=uploads.document_validators(),
        help_text=_("PDF or image."),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    composition = models.TextField(
        _("composition as published"),
        blank=True,
        help_text=_(
            "As the member published it when the names are not public, "
            'e.g. "the vice-president, 3 elected members, 4 associations".'
        ),
    )

    objects = CommitteeQuerySet.as_manager()

    reencoded_uploads = {"decision_document": uploads.without_metadata}

    class Meta:
        verbose_name = _("follow-up committee")
        verbose_name_plural = _("follow-up committees")
        ordering = ["member", "-decided_on"]

    def __str__(self):
        return f"{self.name} — {self.member}"


class CommitteeCategory(models.TextChoices):
    CHAIR = "chair", _("Chair")
    ELECTED = "elected", _("Elected member")
    STAFF = "staff", _("Staff")
    FOCAL_POINT = "focal_point", _("Focal point")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    EQUALITY_BODY = "equality_body", _("Equality, equal opportunities and gender approach body")
    OTHER = "other", _("Other")


class PersonGender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=CommitteeCategory.choices)
    function = models.CharField(_("function"), max_length=300, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=PersonGender.choices, blank=True)
    email = models.EmailField(_("email (private)"), blank=True)
    phone = models.CharField(_("phone (private)"), max_length=40, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    #: Never shown on public pages or public PDFs.
    PRIVATE_FIELDS = ("email", "phone")

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_to__isnull=True)
                | Q(active_to__gte=F("active_from")),
                name="committee_member_active_period_ordered",
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The end cannot come before the start.")})


class CommitteeMeeting(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(
        _("decisions taken"),
        blank=True,
        help_text=_('One per line, e.g. "ideas 12 and 15 merged into project 3".'),
    )
    attendees = models.ManyToManyField(
        CommitteeMember, verbose_name=_("attendance"), blank=True, related_name="meetings"
    )

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["committee", "-held_on"]

    def __str__(self):
        return f"{self.committee} — {self.held_on}"
