"""Co-creation of a programme with citizens: stations (phases) with dates, workshops and their
participation figures, citizens' ideas and observations on draft projects, and their fate.

Personal data (name, email, phone, gender, age band) is stored for the committee's follow-up and
the published statistics only; public pages and open-data exports never show it.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctouvertes import uploads
from network.models import Member
from programmes.models import Axis, Programme, Project

IDEA_MAX_LENGTH = 2000
TITLE_MAX_LENGTH = 200
# Tracking codes avoid letters that are read alike (0/O, 1/I/L) since people copy them by hand.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 8


def new_tracking_code():
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class StationKind(models.TextChoices):
    INFORMATION_MEETING = "information_meeting", _("Information meeting")
    COMMITTEE_SETUP = "committee_setup", _("Creation of the follow-up committee")
    AXES_CHOICE = "axes_choice", _("Choice of the priority axes")
    COCREATION_WORKSHOP = "cocreation_workshop", _("Co-creation workshop")
    IDEA_COLLECTION = "idea_collection", _("Collection of ideas")
    COMMITTEE_ANALYSIS = "committee_analysis", _("Analysis of the ideas by the committee")
    DRAFT_CONSULTATION = "draft_consultation", _("Consultation on the draft programme")
    BUREAU_ADOPTION = "bureau_adoption", _("Adoption by the council's bureau")
    COMMISSION_EXAMINATION = "commission_examination", _("Examination by the standing commission")
    COUNCIL_ADOPTION = "council_adoption", _("Approval in council session")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")
    CUSTOM = "custom", _("Other station")


class OnlineInput(models.TextChoices):
    NONE = "", _("No online input")
    IDEAS = "ideas", _("Ideas")
    OBSERVATIONS = "observations", _("Observations on the draft projects")


class StationQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def open_for(self, input_kind, day=None):
        """Stations taking ``input_kind`` online on ``day`` (today in the portal's time zone)."""
        day = day or timezone.localdate()
        return self.open_on(day).filter(online_input=input_kind)

    def ordered(self):
        return self.order_by("position", "starts_on", "pk")


class Station(models.Model):
    """A station of a programme's co-creation (محطة), with its dates."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="stations"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=StationKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_input = models.CharField(
        _("takes online"), max_length=20, choices=OnlineInput.choices, blank=True, default=""
    )
    # Figures a member published for the station without entering every idea; when empty, the
    # portal counts the stored ideas and observations.
    declared_ideas_in_person = models.PositiveIntegerField(
        _("ideas in person (published figure)"), null=True, blank=True
    )
    declared_ideas_online = models.PositiveIntegerField(
        _("ideas online (published figure)"), null=True, blank=True
    )
    declared_ideas_on_paper = models.PositiveIntegerField(
        _("ideas on paper (published figure)"), null=True, blank=True
    )
    declared_ideas_accepted = models.PositiveIntegerField(
        _("accepted ideas (published figure)"), null=True, blank=True
    )
    declared_observations = models.PositiveIntegerField(
        _("observations (published figure)"), null=True, blank=True
    )
    declared_projects = models.PositiveIntegerField(
        _("projects produced (published figure)"), null=True, blank=True
    )

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["programme", "position", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="station_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(online_input="")
                | (Q(starts_on__isnull=False) & Q(ends_on__isnull=False)),
                name="station_online_input_has_dates",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.get_kind_display()

    def is_open_on(self, day):
        return bool(self.starts_on and self.ends_on and self.starts_on <= day <= self.ends_on)

    @property
    def is_open(self):
        return self.is_open_on(timezone.localdate())

    def days_left(self, day=None):
        day = day or timezone.localdate()
        if not self.is_open_on(day):
            return None
        return (self.ends_on - day).days

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot come before the start.")})
        if self.online_input and not (self.starts_on and self.ends_on):
            raise ValidationError(
                {"online_input": _("A station that takes input online needs its dates.")}
            )


class Event(models.Model):
    """A workshop or meeting, with the participation figures members publish."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="events"
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(
        _("starts at"),
        null=True,
        blank=True,
        help_text=_("Empty when the published document does not give the date."),
    )
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    associations = models.PositiveIntegerField(_("associations"), null=True, blank=True)
    administration = models.PositiveIntegerField(_("administration staff"), null=True, blank=True)
    elected = models.PositiveIntegerField(_("elected members"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop or meeting")
        verbose_name_plural = _("workshops and meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="event_end_not_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end cannot come before the start.")
        if (
            self.women is not None
            and self.participants is not None
            and self.women > self.participants
        ):
            errors["women"] = _("There cannot be more women than participants.")
        if (
            self.station_id
            and self.member_id
            and self.station.programme.member_id != self.member_id
        ):
            errors["station"] = _("The station belongs to another member's programme.")
        if errors:
            raise ValidationError(errors)


class DeclaredAxisFigures(models.Model):
    """The participation figures a member published for one axis of its programme (e.g. ideas
    and observations per axis), without entering every idea. Empty means "not given"."""

    axis = models.OneToOneField(
        Axis,
        verbose_name=_("axis"),
        on_delete=models.CASCADE,
        related_name="declared_figures",
    )
    ideas_in_person = models.PositiveIntegerField(_("ideas in person"), null=True, blank=True)
    ideas_online = models.PositiveIntegerField(_("ideas online"), null=True, blank=True)
    ideas_on_paper = models.PositiveIntegerField(_("ideas on paper"), null=True, blank=True)
    ideas_accepted = models.PositiveIntegerField(_("accepted ideas"), null=True, blank=True)
    observations = models.PositiveIntegerField(_("observations"), null=True, blank=True)
    projects = models.PositiveIntegerField(_("projects from ideas"), null=True, blank=True)

    FIGURE_FIELDS = (
        "ideas_in_person",
        "ideas_online",
        "ideas_on_paper",
        "ideas_accepted",
        "observations",
        "projects",
    )

    class Meta:
        verbose_name = _("published figures of an axis")
        verbose_name_plural = _("published figures of the axes")
        ordering = ["axis__programme", "axis__number"]

    def __str__(self):
        return str(self.axis)


class EventDocument(uploads.ReencodedUploadsMixin, models.Model):
    """A workshop's document or photo, public: an image is stored without the camera's
    metadata (GPS position), re-encoded in ``clean_fields()`` (a form error if it cannot be
    decoded) or, for code that does not validate, in ``save()``."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to="events/",
        validators=uploads.document_validators(),
        help_text=_("PDF or image."),
    )
    is_photo = models.BooleanField(_("photo"), default=False)

    reencoded_uploads = {"file": uploads.without_metadata}

    class Meta:
        verbose_name = _("document or photo")
        verbose_name_plural = _("documents and photos")

    def __str__(self):
        return self.title


class SubmitterKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    ASSOCIATION = "association", _("Association")
    ELECTED = "elected", _("Elected member")
    ADMINISTRATION = "administration", _("Administration")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_29 = "18_29", _("18 to 29")
    FROM_30_TO_44 = "30_44", _("30 to 44")
    FROM_45_TO_59 = "45_59", _("45 to 59")
    FROM_60 = "60_plus", _("60 and over")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    PAPER = "paper", _("Paper form")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class ContributionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Moderation.PUBLISHED)


class Contribution(models.Model):
    """What ideas and observations share: who sent it (private), how, and its moderation."""

    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    submitter_kind = models.CharField(
        _("who you are"), max_length=20, choices=SubmitterKind.choices
    )
    association_name = models.CharField(_("association's name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("workshop"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default=Moderation.PENDING
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    #: Fields that identify the person: erased on request and at the end of the retention
    #: period (consultations/personal_data.py).
    IDENTIFYING_FIELDS = ("name", "email", "phone", "association_name")
    #: Statistical fields about the person: kept unless an erasure covers every personal field.
    STATISTICAL_FIELDS = ("gender", "age_band")
    #: Fields that identify a person: never on a public page or in the open-data export.
    PERSONAL_FIELDS = IDENTIFYING_FIELDS + STATISTICAL_FIELDS

    class Meta:
        abstract = True

    def clean(self):
        errors = {}
        if self.moderation == Moderation.HIDDEN and not self.hidden_reason:
            errors["hidden_reason"] = _("Say why it is hidden.")
        if self.submitter_kind != SubmitterKind.ASSOCIATION and self.association_name:
            errors["association_name"] = _("Only an association gives an association's name.")
        if errors:
            raise ValidationError(errors)


class Fate(models.TextChoices):
    UNDER_STUDY = "under_study", _("Under study")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged into another idea")
    REJECTED = "rejected", _("Rejected")
    OUT_OF_COMPETENCE = "out_of_competence", _("Outside the member's competences")


#: The fates published with a reason (in at least one language): the rule of ``Idea.clean``,
#: which the admin's forms (change page, fate action) apply to their own reason fields.
FATES_WITH_A_REASON = (Fate.REJECTED, Fate.OUT_OF_COMPETENCE)


class IdeaQuerySet(ContributionQuerySet):
    def public_list(self):
        return (
            self.published()
            .select_related("axis", "merged_into", "programme__member")
            .prefetch_related("projects")
            .order_by("-submitted_at", "-pk")
        )


class Idea(Contribution):
    """A citizen's idea ("اطرح فكرتك") for a member's programme, and its fate (مآل)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="ideas"
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("axis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        help_text=_("Empty: another subject."),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(
        _("idea"), validators=[MaxLengthValidator(IDEA_MAX_LENGTH)], max_length=IDEA_MAX_LENGTH
    )
    fate = models.CharField(
        _("fate"), max_length=30, choices=Fate.choices, default=Fate.UNDER_STUDY
    )
    fate_reason = models.TextField(
        _("public explanation of the fate"),
        blank=True,
        help_text=_("Required when the idea is rejected or outside the member's competences."),
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects it became"), blank=True, related_name="ideas"
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
    )
    decided_at = models.DateTimeField(_("fate decided at"), null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["programme", "moderation", "fate"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:idea_tracking", kwargs={"code": self.tracking_code})

    def has_fate_reason(self):
        """A public reason in at least one language (any one is a reason; the pages fall back
        to it)."""
        return any(
            (getattr(self, f"fate_reason_{code}", "") or "").strip()
            for code in settings.MODELTRANSLATION_LANGUAGES
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.fate in FATES_WITH_A_REASON and not self.has_fate_reason():
            # On the first language's column: the admin form has the translated fields only.
            first = settings.MODELTRANSLATION_LANGUAGES[0]
            errors[f"fate_reason_{first}"] = _("Give the public reason for this fate.")
        if self.fate == Fate.MERGED and not self.merged_into_id:
            errors["merged_into"] = _("Choose the idea it was merged into.")
        if self.merged_into_id and self.merged_into_id == self.pk:
            errors["merged_into"] = _("An idea cannot be merged into itself.")
        if self.axis_id and self.programme_id and self.axis.programme_id != self.programme_id:
            errors["axis"] = _("The axis belongs to another programme.")
        if (
            self.event_id
            and self.programme_id
            and (self.event.member_id != self.programme.member_id)
        ):
            errors["event"] = _("The workshop belongs to another member.")
        if errors:
            raise ValidationError(errors)


class ObservationAspect(models.TextChoices):
    PROBLEM = "problem", _("The problem")
    SOLUTIONS = "solutions", _("The solutions")
    FUNDING = "funding", _("Funding sources")
    TRACKING_INDICATORS = "tracking_indicators", _("Tracking indicators")
    IMPACT_INDICATORS = "impact_indicators", _("Impact indicators")
    OTHER = "other", _("Other")


class Observation(Contribution):
    """An observation on a draft project (the members' paper "observation card")."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
    )
    aspect = models.CharField(_("aspect"), max_length=30, choices=ObservationAspect.choices)
    body = models.TextField(
        _("observation"),
        validators=[MaxLengthValidator(IDEA_MAX_LENGTH)],
        max_length=IDEA_MAX_LENGTH,
    )
    answer = models.TextField(_("public answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.get_aspect_display()}: {self.body[:60]}"

    def get_absolute_url(self):
        return reverse("consultations:idea_tracking", kwargs={"code": self.tracking_code})
