"""Spreadsheet columns (CSV, XLSX) of axes, projects and activities, for the admin's import and
export (django-import-export).

A row names its programme by two columns, ``member`` (the member's slug) and ``period``
("2024-2025"); a project names its axis by ``axis_number``, an activity its project by
``project_number``; a row with the same numbers as a stored one updates it. Translated texts come
one column per language (``title_ar``, ``title_fr``, ``title_zgh``).

Every row is checked with ``full_clean``; errors name the row and the column. A row for a member
the importing user may not edit (``network.permissions.can_edit_member``) is an error of that
row. A file with any error changes nothing: the import runs in one transaction, rolled back on any
error, validation errors included.

The admin passes the importing user to ``import_data(..., user=request.user)``; a caller that
passes no user may import nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from ctouvertes.spreadsheets import NeutralisingResourceMixin
from network.models import Member
from network.permissions import can_edit_member

from .models import Activity, Axis, Programme, Project
from .workbook import FALSE_WORDS, TRUE_WORDS

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)


def translated(*names):
    """``title`` → ``title_ar``, ``title_fr``, ``title_zgh``."""
    return tuple(f"{name}_{code}" for name in names for code in LANGUAGES)


class DateWidget(widgets.DateWidget):
    """ISO dates (2024-03-01), as exported, or day first (01/03/2024), as Moroccan sheets write
    them; never month first. Spreadsheet date cells arrive as dates."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%d/%m/%Y")


class BooleanWidget(widgets.BooleanWidget):
    """1/0, true/false, yes/no in French, Arabic or Tamazight (as the programme workbook);
    any other word is an error of its cell, never silently "no"."""

    def clean(self, value, row=None, **kwargs):
        if value in self.NULL_VALUES:
            return None
        if isinstance(value, bool | int | float) and value in (0, 1):
            return bool(value)  # spreadsheet cells
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": value})


def _cell(row, column):
    value = row.get(column)
    return value.strip() if isinstance(value, str) else value


def _number(row, column):
    """A whole number from a cell, ``None`` when empty; raises ValidationError otherwise."""
    value = _cell(row, column)
    if value in (None, ""):
        return None
    try:
        number = widgets.IntegerWidget().clean(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < 0:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    return number


class ProgrammeRowResource(NeutralisingResourceMixin, resources.ModelResource):
    """Rows that belong to a programme, named by ``member`` and ``period``. Exported texts a
    spreadsheet would run as formulas get a leading ``'`` (removed again on import)."""

    # Read-only: on import they name the programme (see programme_for_row), never change it.
    member = fields.Field(attribute="programme__member__slug", column_name="member", readonly=True)
    period = fields.Field(attribute="programme__period", column_name="period", readonly=True)

    #: Model fields whose errors are reported under another column.
    error_columns = {"programme": "period"}

    class Meta:
        clean_model_instances = True
        skip_unchanged = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self._programmes = {}

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        if isinstance(f, models.BooleanField):
            return BooleanWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        # An empty cell is "" in a text column that cannot be null, None (no translation yet)
        # in one that can, as the admin stores them.
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.CharField | models.TextField):
            kwargs["allow_blank"] = not django_field.null
        return kwargs

    # Import -----------------------------------------------------------------------------------

    def import_data(self, dataset, rollback_on_validation_errors=True, **kwargs):
        # All or nothing: a row with a validation error rolls the whole file back too.
        return super().import_data(
            dataset, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self._programmes = {}

    def before_import_row(self, row, **kwargs):
        # Refuse the row before anything else when its member is not the user's.
        self.programme_for_row(row)

    def programme_for_row(self, row):
        """The programme a row names, once the user may edit it; raises ValidationError."""
        slug = _cell(row, "member") or ""
        period = str(_cell(row, "period") or "")
        key = (slug, period)
        if key not in self._programmes:
            self._programmes[key] = self._find_programme(slug, period)
        return self._programmes[key]

    def _find_programme(self, slug, period):
        if not slug:
            raise ValidationError({"member": _("Enter the member's slug.")})
        member = Member.objects.filter(slug=slug).first()
        if member is None:
            raise ValidationError(
                {"member": _("No member has the slug “%(slug)s”.") % {"slug": slug}}
            )
        if not can_edit_member(self.user, member):
            raise ValidationError(
                {"member": _("You may not change the data of %(member)s.") % {"member": member}}
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

    def get_instance(self, instance_loader, row):
        try:
            return self.find_stored(self.programme_for_row(row), row)
        except ValidationError:
            return None  # import_instance() reports the error on its column

    def find_stored(self, programme, row):
        """The stored record the row updates, or ``None`` for a new one."""
        number = _number(row, "number")
        if number is None:
            return None
        return self._meta.model.objects.filter(programme=programme, number=number).first()

    def attach(self, instance, row):
        """Set the parents named by the row; raises ValidationError keyed by model field."""
        instance.programme = self.programme_for_row(row)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for step in (
            lambda: self.attach(instance, row),
            lambda: super(ProgrammeRowResource, self).import_instance(instance, row, **kwargs),
        ):
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self.errors_by_column(error.message_dict)) from None

    def errors_by_column(self, message_dict):
        """Report every error under a column of the file (``title`` → ``title_ar``...)."""
        by_column = {}
        for name, messages in message_dict.items():
            column = self.error_columns.get(name, name)
            if column not in self.fields and f"{column}_{LANGUAGES[0]}" in self.fields:
                column = f"{column}_{LANGUAGES[0]}"
            known = by_column.setdefault(column, [])
            known.extend(message for message in messages if message not in known)
        return by_column

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("programme__member")


AXIS_COLUMNS = ("member", "period", "number", *translated("title", "description"), "source_note")


class AxisResource(ProgrammeRowResource):
    class Meta:
        model = Axis
        fields = AXIS_COLUMNS
        import_order = AXIS_COLUMNS
        export_order = AXIS_COLUMNS
        name = gettext_lazy("Axes")


PROJECT_COLUMNS = (
    "member",
    "period",
    "number",
    "axis_number",
    *translated("title", "problems", "causes", "consequences", "solution", "objectives"),
    "competence_own",
    "competence_shared",
    "competence_transferred",
    "linked_to_action_plan",
    "feasible_within_period",
    "estimated_budget",
    "budget_as_entered",
    "funding_source",
    *translated("funding_details", "duration"),
    "announced_activity_count",
    "completion_level",
    "source_note",
)


class ProjectResource(ProgrammeRowResource):
    axis_number = fields.Field(attribute="axis__number", column_name="axis_number", readonly=True)

    error_columns = {"programme": "period", "axis": "axis_number"}

    class Meta:
        model = Project
        fields = PROJECT_COLUMNS
        import_order = PROJECT_COLUMNS
        export_order = PROJECT_COLUMNS
        name = gettext_lazy("Projects")

    def attach(self, instance, row):
        programme = self.programme_for_row(row)
        instance.programme = programme
        try:
            number = _number(row, "axis_number")
        except ValidationError as error:
            raise ValidationError({"axis": error.messages}) from None
        if number is None:
            instance.axis = None
            return
        axis = Axis.objects.filter(programme=programme, number=number).first()
        if axis is None:
            raise ValidationError(
                {"axis": _("The programme has no axis number %(number)s.") % {"number": number}}
            )
        instance.axis = axis

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("programme__member", "axis")


ACTIVITY_COLUMNS = (
    "member",
    "period",
    "project_number",
    "number",
    *translated("title"),
    "start_date",
    "end_date",
    "weight",
    "cost",
    *translated("cost_note", "funding", "partners_note", "responsible_service"),
    "status",
    "progress",
    "source_note",
)


class ActivityResource(ProgrammeRowResource):
    member = fields.Field(
        attribute="project__programme__member__slug", column_name="member", readonly=True
    )
    period = fields.Field(
        attribute="project__programme__period", column_name="period", readonly=True
    )
    project_number = fields.Field(
        attribute="project__number", column_name="project_number", readonly=True
    )
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DateWidget())

    error_columns = {"project": "project_number"}

    class Meta:
        model = Activity
        fields = ACTIVITY_COLUMNS
        import_order = ACTIVITY_COLUMNS
        export_order = ACTIVITY_COLUMNS
        name = gettext_lazy("Activities")

    def _project(self, programme, row):
        try:
            number = _number(row, "project_number")
        except ValidationError as error:
            raise ValidationError({"project": error.messages}) from None
        if number is None:
            raise ValidationError({"project": _("Enter the number of the activity's project.")})
        project = Project.objects.filter(programme=programme, number=number).first()
        if project is None:
            raise ValidationError(
                {
                    "project": _("The programme has no project number %(number)s.")
                    % {"number": number}
                }
            )
        return project

    def find_stored(self, programme, row):
        number = _number(row, "number")
        if number is None:
            return None
        project = self._project(programme, row)
        return Activity.objects.filter(project=project, number=number).first()

    def attach(self, instance, row):
        instance.project = self._project(self.programme_for_row(row), row)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("project__programme__member")
