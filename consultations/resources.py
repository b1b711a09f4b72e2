"""Spreadsheet columns (CSV, XLSX) of ideas and observations (django-import-export).

- ``IdeaCommitteeResource`` and ``ObservationCommitteeResource``: what the follow-up committee
  works with, personal data included. Only ``consultations.exports`` and the admin use them, on
  querysets already limited to the members the user may export (``can_export_member``).
- ``PaperIdeaResource``: ideas collected on paper or in person at a workshop, typed into a
  spreadsheet by the focal point. Every row is a new idea, stored through
  ``services.submit_idea``; errors name the row and the column; a file with any error stores
  nothing. A row for a member the importing user may not edit is an error of that row; the
  ``import_paper_ideas`` service also limits the file to one member. An idea is dated by its
  workshop's start; for a workshop without a date (the document does not give it), by the start
  of the workshop's station, else by the time of the import.

Every exported cell goes through ``ctouvertes.spreadsheets.neutralise``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from ctouvertes.import_errors import result_errors
from ctouvertes.numbers import parse_id
from ctouvertes.spreadsheets import NeutralisingResourceMixin
from network.models import Member
from network.permissions import can_edit_member
from programmes.models import Axis, Programme

from . import services
from .models import AgeBand, Channel, Event, Gender, Idea, Observation, SubmitterKind

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)


def _text(value):
    return "" if value is None else str(value)


def _local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _column(name):
    """An export column filled by the resource's ``dehydrate_<name>`` method."""
    return fields.Field(column_name=name, readonly=True)


def _attribute(name):
    """An export column holding the attribute of the same name, as stored."""
    return fields.Field(attribute=name, column_name=name, readonly=True)


# Committee exports --------------------------------------------------------------------------


SUBMITTER_COLUMNS = (
    "submitter_kind",
    "association_name",
    "gender",
    "age_band",
    "name",
    "email",
    "phone",
)


class CommitteeResourceMixin(NeutralisingResourceMixin):
    """Submitter, channel and moderation columns shared by ideas and observations. Choices are
    written with their labels, in the language of the request."""

    def dehydrate_tracking_code(self, contribution):
        return contribution.tracking_code

    def dehydrate_submitted_at(self, contribution):
        return _local_time(contribution.submitted_at)

    def dehydrate_channel(self, contribution):
        return _text(contribution.get_channel_display())

    def dehydrate_event(self, contribution):
        return _text(contribution.event)

    def dehydrate_submitter_kind(self, contribution):
        return _text(contribution.get_submitter_kind_display())

    def dehydrate_association_name(self, contribution):
        return contribution.association_name

    def dehydrate_gender(self, contribution):
        return _text(contribution.get_gender_display()) if contribution.gender else ""

    def dehydrate_age_band(self, contribution):
        return _text(contribution.get_age_band_display()) if contribution.age_band else ""

    def dehydrate_name(self, contribution):
        return contribution.name

    def dehydrate_email(self, contribution):
        return contribution.email

    def dehydrate_phone(self, contribution):
        return contribution.phone

    def dehydrate_moderation(self, contribution):
        return _text(contribution.get_moderation_display())

    def dehydrate_hidden_reason(self, contribution):
        return contribution.hidden_reason


IDEA_EXPORT_COLUMNS = (
    "tracking_code",
    "member",
    "period",
    "submitted_at",
    "channel",
    "event",
    "axis",
    "title",
    "idea",
    *SUBMITTER_COLUMNS,
    "moderation",
    "hidden_reason",
    "fate",
    "fate_reason",
    "merged_into",
    "projects",
)


class IdeaCommitteeResource(CommitteeResourceMixin, resources.ModelResource):
    """Ideas with their submitters' personal data, for the follow-up committee."""

    tracking_code = _column("tracking_code")
    member = _column("member")
    period = _column("period")
    submitted_at = _column("submitted_at")
    channel = _column("channel")
    event = _column("event")
    axis = _column("axis")
    title = _column("title")
    idea = _column("idea")
    submitter_kind = _column("submitter_kind")
    association_name = _column("association_name")
    gender = _column("gender")
    age_band = _column("age_band")
    name = _column("name")
    email = _column("email")
    phone = _column("phone")
    moderation = _column("moderation")
    hidden_reason = _column("hidden_reason")
    fate = _column("fate")
    fate_reason = _column("fate_reason")
    merged_into = _column("merged_into")
    projects = _column("projects")

    class Meta:
        model = Idea
        fields = IDEA_EXPORT_COLUMNS
        export_order = IDEA_EXPORT_COLUMNS
        import_order = IDEA_EXPORT_COLUMNS
        name = gettext_lazy("Ideas with personal data (committee)")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(
            "programme__member", "axis", "event", "merged_into"
        ).prefetch_related("projects")

    def dehydrate_member(self, idea):
        return idea.programme.member.slug

    def dehydrate_period(self, idea):
        return idea.programme.period

    def dehydrate_axis(self, idea):
        return _text(idea.axis)

    def dehydrate_title(self, idea):
        return idea.title

    def dehydrate_idea(self, idea):
        return idea.body

    def dehydrate_fate(self, idea):
        return _text(idea.get_fate_display())

    def dehydrate_fate_reason(self, idea):
        return _text(idea.fate_reason)

    def dehydrate_merged_into(self, idea):
        return idea.merged_into.tracking_code if idea.merged_into_id else ""

    def dehydrate_projects(self, idea):
        return "; ".join(str(project) for project in idea.projects.all())


OBSERVATION_EXPORT_COLUMNS = (
    "tracking_code",
    "member",
    "period",
    "project",
    "aspect",
    "observation",
    "submitted_at",
    "channel",
    "event",
    *SUBMITTER_COLUMNS,
    "moderation",
    "hidden_reason",
    "answer",
)


class ObservationCommitteeResource(CommitteeResourceMixin, resources.ModelResource):
    """Observations on draft projects with their submitters' personal data."""

    tracking_code = _column("tracking_code")
    member = _column("member")
    period = _column("period")
    project = _column("project")
    aspect = _column("aspect")
    observation = _column("observation")
    submitted_at = _column("submitted_at")
    channel = _column("channel")
    event = _column("event")
    submitter_kind = _column("submitter_kind")
    association_name = _column("association_name")
    gender = _column("gender")
    age_band = _column("age_band")
    name = _column("name")
    email = _column("email")
    phone = _column("phone")
    moderation = _column("moderation")
    hidden_reason = _column("hidden_reason")
    answer = _column("answer")

    class Meta:
        model = Observation
        fields = OBSERVATION_EXPORT_COLUMNS
        export_order = OBSERVATION_EXPORT_COLUMNS
        import_order = OBSERVATION_EXPORT_COLUMNS
        name = gettext_lazy("Observations with personal data (committee)")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("project__programme__member", "event")

    def dehydrate_member(self, observation):
        return observation.project.programme.member.slug

    def dehydrate_period(self, observation):
        return observation.project.programme.period

    def dehydrate_project(self, observation):
        return _text(observation.project)

    def dehydrate_aspect(self, observation):
        return _text(observation.get_aspect_display())

    def dehydrate_observation(self, observation):
        return observation.body

    def dehydrate_answer(self, observation):
        return _text(observation.answer)


# Import of paper ideas ------------------------------------------------------------------------


def _choice_words(choices):
    """Every way a cell may name a choice: its code and its label in each language."""
    words = {}
    for value, label in choices.choices:
        words[value.casefold()] = value
        for code in LANGUAGES:
            with translation.override(code):
                words[str(label).strip().casefold()] = value
    return words


def _cell(row, column):
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheet numbers
    return str(value).strip()


IMPORT_COLUMNS = (
    "member",
    "period",
    "event",
    "channel",
    "axis_number",
    "title",
    "idea",
    "submitter_kind",
    "association_name",
    "gender",
    "age_band",
    "name",
    "email",
    "phone",
)

#: Where the file reports an error on a model field.
ERROR_COLUMNS = {
    "programme": "period",
    "station": "event",
    "axis": "axis_number",
    "body": "idea",
}

#: Channels of ideas entered by a focal point (online ideas come through the public form).
PAPER_CHANNELS = (Channel.IN_PERSON, Channel.PAPER)

#: What ``services.submit_idea`` receives from a row, besides the programme and the channel.
SUBMITTED_FIELDS = (
    "axis",
    "title",
    "body",
    "submitter_kind",
    "association_name",
    "gender",
    "age_band",
    "name",
    "email",
    "phone",
    "submitted_at",
)


class PaperIdeaResource(NeutralisingResourceMixin, resources.ModelResource):
    """Ideas from paper forms or a workshop, one per row (see the module's docstring).

    ``import_data(dataset, user=..., member=...)``: with ``user``, a row must name a member the
    user may edit; with ``member``, it must name that member; with neither, nothing is
    imported. The submission date is the workshop's start (see ``submitted_at``).
    """

    member = _column("member")
    period = _column("period")
    event = _column("event")
    channel = _column("channel")
    axis_number = _column("axis_number")
    idea = _column("idea")
    title = _attribute("title")
    submitter_kind = _attribute("submitter_kind")
    association_name = _attribute("association_name")
    gender = _attribute("gender")
    age_band = _attribute("age_band")
    name = _attribute("name")
    email = _attribute("email")
    phone = _attribute("phone")

    class Meta:
        model = Idea
        fields = IMPORT_COLUMNS
        import_order = IMPORT_COLUMNS
        export_order = IMPORT_COLUMNS
        clean_model_instances = True
        skip_unchanged = False
        name = gettext_lazy("Ideas from paper forms or workshops")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.member = None
        self._programmes = {}
        self._words = {}
        self._imported_at = None

    # Export (the columns of the preview, and a template to fill in) ---------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("programme__member", "axis", "event")

    def dehydrate_member(self, idea):
        return idea.programme.member.slug if idea.programme_id else ""

    def dehydrate_period(self, idea):
        return idea.programme.period if idea.programme_id else ""

    def dehydrate_event(self, idea):
        return _text(idea.event)

    def dehydrate_channel(self, idea):
        return idea.channel

    def dehydrate_axis_number(self, idea):
        return idea.axis.number if idea.axis_id else ""

    def dehydrate_idea(self, idea):
        return idea.body

    # Import -------------------------------------------------------------------------------------

    def import_data(self, dataset, rollback_on_validation_errors=True, **kwargs):
        # All or nothing: a row with a validation error rolls the whole file back too.
        return super().import_data(
            dataset, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.member = kwargs.get("member")
        self._programmes = {}
        self._imported_at = timezone.now()
        missing = [
            column
            for column in ("member", "period", "title", "idea")
            if column not in (dataset.headers or ())
        ]
        if missing:
            raise ValidationError(
                _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)}
            )

    def get_instance(self, instance_loader, row):
        return None  # every row is a new idea

    def programme_for_row(self, row):
        """The programme the row names, once the user may import into it."""
        key = (_cell(row, "member"), _cell(row, "period"))
        if key not in self._programmes:
            self._programmes[key] = self._find_programme(*key)
        return self._programmes[key]

    def _find_programme(self, slug, period):
        if not slug:
            raise ValidationError({"member": _("Enter the member's slug.")})
        member = Member.objects.filter(slug=slug).first()
        if member is None:
            raise ValidationError(
                {"member": _("No member has the slug “%(slug)s”.") % {"slug": slug}}
            )
        allowed = self.user is not None or self.member is not None
        if self.user is not None and not can_edit_member(self.user, member):
            allowed = False
        if self.member is not None and member.pk != self.member.pk:
            allowed = False
        if not allowed:
            raise ValidationError(
                {"member": _("You may not add ideas to %(member)s.") % {"member": member}}
            )
        try:
            return Programme.objects.get_by_period(member, period)
        except (Programme.DoesNotExist, ValueError):
            raise ValidationError(
                {
                    "period": _("%(member)s has no programme for the period “%(period)s”.")
                    % {"member": member, "period": period}
                }
            ) from None

    def _choice(self, row, column, choices, *, required):
        text = _cell(row, column)
        if not text:
            if required:
                raise ValidationError({column: _("This column is required.")})
            return ""
        if choices not in self._words:
            self._words[choices] = _choice_words(choices)
        value = self._words[choices].get(text.casefold())
        if value is None:
            raise ValidationError(
                {
                    column: _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": text, "choices": ", ".join(choices.values)}
                }
            )
        return value

    def _event(self, row, programme):
        text = _cell(row, "event")
        if not text:
            raise ValidationError({"event": _("Name the workshop (its title or number).")})
        events = Event.objects.filter(member_id=programme.member_id).select_related("station")
        number = parse_id(text)  # ASCII digits only: int("²") raises, int("٣") is 3
        if number is not None:
            matches = list(events.filter(pk=number))
        else:
            matches = list(
                events.filter(
                    models.Q(title_ar=text) | models.Q(title_fr=text) | models.Q(title_zgh=text)
                )
            )
        if not matches:
            raise ValidationError(
                {
                    "event": _("%(member)s has no workshop “%(event)s”.")
                    % {"member": programme.member, "event": text}
                }
            )
        if len(matches) > 1:
            raise ValidationError(
                {
                    "event": _("Several workshops are titled “%(event)s”: give its number.")
                    % {"event": text}
                }
            )
        event = matches[0]
        if event.station_id and event.station.programme_id != programme.pk:
            raise ValidationError(
                {"event": _("The workshop belongs to a station of another programme.")}
            )
        return event

    def submitted_at(self, event):
        """When an idea of ``event`` was submitted: the workshop's start; for a workshop without
        a date, the first day of its station (midnight, local time), else the time of the
        import (the same for every row of a file)."""
        if event.starts_at is not None:
            return event.starts_at
        if event.station_id and event.station.starts_on is not None:
            return timezone.make_aware(
                datetime.datetime.combine(event.station.starts_on, datetime.time.min)
            )
        return self._imported_at or timezone.now()

    def _axis(self, row, programme):
        text = _cell(row, "axis_number")
        if not text:
            return None
        number = parse_id(text)  # ASCII digits only: int("²") raises, int("٣") is 3
        axis = (
            Axis.objects.filter(programme=programme, number=number).first()
            if number is not None
            else None
        )
        if axis is None:
            raise ValidationError(
                {"axis": _("The programme has no axis number %(number)s.") % {"number": text}}
            )
        return axis

    def import_instance(self, instance, row, **kwargs):
        errors = {}

        def attempt(step):
            nonlocal errors
            try:
                return step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
                return None

        programme = attempt(lambda: self.programme_for_row(row))
        if programme is not None:
            instance.programme = programme
            event = attempt(lambda: self._event(row, programme))
            if event is not None:
                instance.event = event
                instance.station = event.station
                instance.submitted_at = self.submitted_at(event)
            instance.axis = attempt(lambda: self._axis(row, programme))
        instance.channel = (
            attempt(lambda: self._choice(row, "channel", Channel, required=True)) or ""
        )
        if instance.channel == Channel.ONLINE:
            errors.setdefault("channel", []).append(
                _("Online ideas come through the public form: use in_person or paper.")
            )
        instance.submitter_kind = (
            attempt(lambda: self._choice(row, "submitter_kind", SubmitterKind, required=True)) or ""
        )
        instance.gender = attempt(lambda: self._choice(row, "gender", Gender, required=False)) or ""
        instance.age_band = (
            attempt(lambda: self._choice(row, "age_band", AgeBand, required=False)) or ""
        )
        instance.title = _cell(row, "title")
        instance.body = _cell(row, "idea")
        for column in ("association_name", "name", "email", "phone"):
            setattr(instance, column, _cell(row, column))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if exclude & {"member", "period"}:
            exclude |= {"programme", "axis", "event", "station"}
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self.errors_by_column(errors))

    def errors_by_column(self, error_dict):
        by_column = {}
        for name, messages in error_dict.items():
            column = ERROR_COLUMNS.get(name, name)
            known = by_column.setdefault(column, [])
            for message in ValidationError(messages).messages:
                if message not in known:
                    known.append(message)
        return by_column

    def do_instance_save(self, instance, is_create):
        idea = services.submit_idea(
            programme=instance.programme,
            data={name: getattr(instance, name) for name in SUBMITTED_FIELDS},
            channel=instance.channel,
            event=instance.event,
            station=instance.station,
        )
        instance.pk = idea.pk
        instance.tracking_code = idea.tracking_code
        instance._state.adding = False


def import_errors(result, *, sheet=None):
    """Every problem of an import result, with its row (counted from 1 after the header), its
    column and the XLSX sheet read, sorted by row (``ctouvertes.import_errors.result_errors``)."""
    return result_errors(result, sheet=sheet)
