"""Admin of open-action programmes: programmes, axes, projects (the sheets), activities,
indicators and partners.

Who may do what comes from ``network.permissions`` through ``MemberScopedAdminMixin``: a focal
point sees and changes its own member's data, a committee member reads it, network staff see and
change everything; an object outside the user's scope answers 404 (history pages: 403).

Class order: scoping first (its permission and queryset methods win), then import/export,
then the audit trail (``SimpleHistoryAdmin``), then the translation tabs, then Django's
``ModelAdmin``.

What cannot be true (end before start, negative amounts, progress above 100 %) is refused by
the models' ``clean()``, validators and constraints, shown as form errors. What real sheets
contain and must be kept as entered (weights that do not add up to 100 %, dates outside the
period, an announced activity count that differs) is only warned about, after saving.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.forms import CheckboxSelectMultiple
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from ctouvertes.spreadsheet_safety import SafeImportAdminMixin
from network import permissions
from network.admin_scoping import MemberScopedAdminMixin, MemberScopedInlineMixin

from . import selectors, services
from .admin_committee import download_booklet, download_booklet_fr  # also registers it
from .models import (
    Activity,
    Axis,
    Indicator,
    IndicatorMeasurement,
    Partner,
    Programme,
    ProgrammePartner,
    ProgressUpdate,
    Project,
    ProjectPartner,
    ProjectResult,
)
from .resources import ActivityResource, AxisResource, ProjectResource

TRANSLATED_TITLES = ("title_ar", "title_fr", "title_zgh")
CHECKBOXES = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def plain_number(value):
    """10.00 → "10", 12.50 → "12.5": a number as people write it, with the decimal point that
    a number input reads (``selectors.format_number`` gives the localised one for text)."""
    try:
        text = f"{Decimal(str(value)):f}"
    except (InvalidOperation, ValueError):
        return value
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class PercentInput(forms.NumberInput):
    """An activity's weight: "10" followed by "%" rather than "10.00"; stored as before."""

    def format_value(self, value):
        if value is None or value == "":
            return None
        return plain_number(value)

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<span class="percent-input">{}<span class="input-suffix">%</span></span>',
            super().render(name, value, attrs, renderer),
        )


def percent_widget_for_weight(db_field, kwargs):
    if db_field.name == "weight":
        kwargs["widget"] = PercentInput(attrs={"class": "weight-input", "min": "0"})
    return kwargs


def progress_bar(value):
    percent = round(value or 0)
    return format_html(
        '<progress value="{}" max="100">{}&#8239;%</progress> {}&#8239;%', percent, percent, percent
    )


def warn_about_projects(request, project_ids):
    """Show the warnings of the selectors for these projects (nothing is refused or changed)."""
    projects = (
        Project.objects.filter(pk__in=project_ids)
        .with_progress()
        .select_related("programme")
        .prefetch_related("activities")
        .order_by("programme", "number")
    )
    for project in projects:
        activities = list(project.activities.all())
        for warning in selectors.project_warnings(project, project.programme, activities):
            messages.warning(request, f"{project}: {warning}")


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """The audit trail (who, when, what changed). django-simple-history lets whoever may read
    the history post a revert; here reverting needs the change permission (and save_model
    still checks the object's member)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedImportExportMixin(SafeImportAdminMixin, ImportExportMixin):
    """CSV and XLSX (read through ``ctouvertes.spreadsheet_safety``); import for those who may
    edit, export for those who may read. The export reads the admin's scoped queryset; the
    resources check every row's member on import."""

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def process_result(self, result, request):
        # The preview validated the file; if the data changed since, the resource rolled
        # everything back: say so instead of announcing an import.
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                gettext("Nothing was imported: the file no longer validates. Import it again."),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        response = super().process_result(result, request)
        self.after_import_warnings(request, result)
        return response

    def after_import_warnings(self, request, result):
        pass


# Programmes and axes ----------------------------------------------------------------------------


class ProgrammePartnerInline(MemberScopedInlineMixin, TranslationTabularInline):
    """The partners of the whole programme and their roles, as published."""

    model = ProgrammePartner
    member_path = "programme__member"
    parent_member_path = "member"
    fields = ("position", "partner", "role")
    autocomplete_fields = ("partner",)
    ordering = ("position", "pk")
    extra = 0


class AxisInline(MemberScopedInlineMixin, TranslationTabularInline):
    model = Axis
    member_path = "programme__member"
    parent_member_path = "member"
    fields = ("number", "title", "principles")
    formfield_overrides = CHECKBOXES
    ordering = ("number",)
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(MemberScopedAdminMixin, ScopedHistoryAdmin, TabbedTranslationAdmin):
    member_path = "member"
    list_display = (
        "title",
        "member",
        "period_display",
        "status",
        "progress_display",
        "project_count",
        "budget_display",
    )
    list_select_related = ("member",)
    search_fields = ("member__slug", "member__name_ar", "member__name_fr", *TRANSLATED_TITLES)
    ordering = ("member__slug", "-first_year")
    inlines = [AxisInline, ProgrammePartnerInline]
    actions = ["duplicate_for_next_period", download_booklet, download_booklet_fr]
    fieldsets = (
        (None, {"fields": ("member", "first_year", "last_year", "cohort", "status")}),
        (None, {"fields": ("title", "summary")}),
        (
            _("Stations"),
            {
                "fields": (
                    "consultation_started_on",
                    "adopted_on",
                    "council_session",
                    "decision_reference",
                    "vote_outcome",
                    "implementation_started_on",
                    "evaluated_on",
                )
            },
        ),
        (
            _("Strengths, weaknesses, opportunities, threats"),
            {"fields": ("strengths", "weaknesses", "opportunities", "threats")},
        ),
        (_("Source"), {"fields": ("source_note",)}),
    )

    def get_list_filter(self, request):
        if permissions.is_network_staff(request.user):
            return ("status", ("member", RelatedOnlyFieldListFilter))
        return ("status",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                project_count=Count("projects"),
                budget_total=Sum("projects__estimated_budget"),
                # Unknown is not zero: projects without a budget are counted, not added as 0.
                budget_unknown=Count("projects", filter=Q(projects__estimated_budget__isnull=True)),
            )
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Programme progress is the mean of its projects': one query for the page.
        programmes = list(changelist.result_list)
        progress = {}
        rows = Project.objects.filter(programme__in=programmes).with_progress()
        for programme_id, value in rows.values_list("programme_id", "progress_value"):
            progress.setdefault(programme_id, []).append(value)
        for programme in programmes:
            programme.progress = selectors.mean(progress.get(programme.pk, []))
        return changelist

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "projects_url": reverse("admin:programmes_project_changelist")
            + f"?programme__id__exact={object_id}",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("period"), ordering="first_year")
    def period_display(self, programme):
        return programme.period

    @admin.display(description=_("progress"))
    def progress_display(self, programme):
        return progress_bar(getattr(programme, "progress", 0))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, programme):
        return programme.project_count

    @admin.display(description=_("budget (MAD)"), ordering="budget_total")
    def budget_display(self, programme):
        known = selectors.format_number(programme.budget_total)
        unknown = getattr(programme, "budget_unknown", 0)
        if not unknown:
            return known or "—"
        missing = ngettext("%(count)s to be determined", "%(count)s to be determined", unknown) % {
            "count": unknown
        }
        return f"{known} + {missing}" if known else gettext("to be determined")

    @admin.action(description=_("Duplicate for the next period"), permissions=["change"])
    def duplicate_for_next_period(self, request, queryset):
        editable = self.scoped_queryset(request, queryset, for_edit=True)
        refused = queryset.exclude(pk__in=editable.values("pk")).count()
        if refused:
            self.message_user(
                request,
                gettext("%(count)s programmes were not duplicated: you may not change them.")
                % {"count": refused},
                messages.WARNING,
            )
        for programme in editable.select_related("member"):
            try:
                copy = services.duplicate_programme(programme)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(programme)s was not duplicated: %(errors)s")
                    % {"programme": programme, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                format_html(
                    gettext('{} was duplicated as <a href="{}">{}</a> (a draft).'),
                    programme,
                    reverse("admin:programmes_programme_change", args=[copy.pk]),
                    copy,
                ),
                messages.SUCCESS,
            )


@admin.register(Axis)
class AxisAdmin(
    MemberScopedAdminMixin, ScopedImportExportMixin, ScopedHistoryAdmin, TabbedTranslationAdmin
):
    member_path = "programme__member"
    resource_classes = [AxisResource]
    list_display = ("number", "title", "programme", "project_count")
    list_display_links = ("number", "title")
    list_filter = ("programme__status", ("programme", RelatedOnlyFieldListFilter))
    list_select_related = ("programme__member",)
    search_fields = TRANSLATED_TITLES
    ordering = ("programme", "number")
    fields = ("programme", "number", "title", "description", "principles", "source_note")
    formfield_overrides = CHECKBOXES

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, axis):
        return axis.project_count


# Projects ---------------------------------------------------------------------------------------


class ProjectInlineMixin(MemberScopedInlineMixin):
    parent_member_path = "programme__member"
    extra = 0


class ActivityFormSet(BaseInlineFormSet):
    def weight_sum(self):
        """The weights on the page (as submitted after a refused save), rows marked for deletion
        left out; None when no row has one. Read from the forms: no query."""
        total = None
        for form in self.forms:
            if self.can_delete and form.is_bound and form[DELETION_FIELD_NAME].value():
                continue
            try:
                weight = Decimal(str(form["weight"].value()))
            except (InvalidOperation, ValueError):
                continue
            if weight.is_finite():
                total = (total or 0) + weight
        return total

    def weight_sum_texts(self):
        """The sentence under the weight column, and its three forms for
        ``static/js/activity_weights.js`` ("{sum}" stands for the number)."""
        texts = {
            "consistent": gettext("Sum of weights: %(sum)s %%") % {"sum": "{sum}"},
            "inconsistent": gettext("Sum of weights: %(sum)s %% (should be 100 %%)")
            % {"sum": "{sum}"},
            "none": gettext("No activity weight entered."),
        }
        total = self.weight_sum()
        warn = not selectors.weight_sum_is_consistent(total)
        if total is None:
            current = texts["none"]
        else:
            key = "inconsistent" if warn else "consistent"
            current = texts[key].replace("{sum}", selectors.format_number(total))
        return {
            **texts,
            "current": current,
            "warn": warn,
            "decimal_separator": get_format("DECIMAL_SEPARATOR"),
        }

    def columns(self):
        """Label and help of the model fields that head the columns."""
        fields = {
            name: self.model._meta.get_field(name)
            for name in ("number", "title", "start_date", "end_date", "weight", "status")
        }
        return {name: {"label": f.verbose_name, "help": f.help_text} for name, f in fields.items()}


class ActivityInlineForm(forms.ModelForm):
    """The fields of one activity row (templates/admin/programmes/project/activity_inline.html):
    the title in the page's language in the row, the other languages and the cost in a
    collapsible detail below it."""

    def title_field(self):
        return self[f"title_{self._row_language()}"]

    def detail_fields(self):
        """(label, bound field, language code or "") for the collapsible detail."""
        names = dict(settings.LANGUAGES)
        current = self._row_language()

        def label(name, code):
            # The model's label and the language's name, not modeltranslation's "[fr]".
            return f"{Activity._meta.get_field(name).verbose_name} ({names[code]})"

        rows = [
            (label("title", code), self[f"title_{code}"], code)
            for code in LANGUAGE_CODES
            if code != current
        ]
        rows.append((Activity._meta.get_field("cost").verbose_name, self["cost"], ""))
        rows += [
            (label("cost_note", code), self[f"cost_note_{code}"], code) for code in LANGUAGE_CODES
        ]
        return rows

    def cost_summary(self):
        cost = self["cost"].value()
        if cost in (None, ""):
            return gettext("cost not given")
        return gettext("%(cost)s MAD") % {"cost": selectors.format_number(cost)}

    def detail_has_errors(self):
        return any(field.errors for _label, field, _code in self.detail_fields())

    def _row_language(self):
        language = (get_language() or "").split("-")[0]
        return language if language in LANGUAGE_CODES else LANGUAGE_CODES[0]


class ActivityInline(ProjectInlineMixin, TranslationTabularInline):
    """One row per activity that fits a 1,024 px window: number, title in the page's language,
    dates, weight, status and progress; the other languages and the cost in a detail below
    the title. The sum of the weights is shown under the weight column (updated as one types
    by static/js/activity_weights.js; computed by the server on every page)."""

    model = Activity
    form = ActivityInlineForm
    formset = ActivityFormSet
    template = "admin/programmes/project/activity_inline.html"
    member_path = "project__programme__member"
    fields = (
        "number",
        "title",
        "start_date",
        "end_date",
        "weight",
        "cost",
        "cost_note",
        "status",
        "progress",
    )
    ordering = ("number",)
    show_change_link = True

    class Media:
        js = ("js/activity_weights.js",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(
            db_field, request, **percent_widget_for_weight(db_field, kwargs)
        )
        if field is not None and "class" in field.widget.attrs:
            # This row lays its languages out itself: without modeltranslation's classes, its
            # tabs (which would fold three cells into one) leave the row alone.
            classes = field.widget.attrs["class"].split()
            field.widget.attrs["class"] = " ".join(c for c in classes if not c.startswith("mt"))
        return field


class ProjectResultInline(ProjectInlineMixin, TranslationTabularInline):
    model = ProjectResult
    member_path = "project__programme__member"
    fields = ("result", "contribution")


class ProjectPartnerInline(ProjectInlineMixin, TranslationTabularInline):
    model = ProjectPartner
    member_path = "project__programme__member"
    fields = ("partner", "contribution", "contribution_amount")
    autocomplete_fields = ("partner",)


class IndicatorInline(ProjectInlineMixin, TranslationTabularInline):
    model = Indicator
    member_path = "project__programme__member"
    fields = ("kind", "number", "label", "unit", "baseline", "target")
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(
    MemberScopedAdminMixin, ScopedImportExportMixin, ScopedHistoryAdmin, TabbedTranslationAdmin
):
    member_path = "programme__member"
    resource_classes = [ProjectResource]
    list_display = (
        "number",
        "title",
        "programme",
        "axis",
        "progress_display",
        "weight_sum_display",
        "budget_display",
    )
    list_display_links = ("number", "title")
    list_filter = (
        "programme__status",
        ("programme", RelatedOnlyFieldListFilter),
        ("axis", RelatedOnlyFieldListFilter),
        "completion_level",
    )
    list_select_related = ("programme__member", "axis")
    search_fields = TRANSLATED_TITLES
    ordering = ("programme", "number")
    readonly_fields = ("activity_weights",)
    formfield_overrides = CHECKBOXES
    inlines = [ActivityInline, ProjectResultInline, ProjectPartnerInline, IndicatorInline]
    fieldsets = (
        (None, {"fields": ("programme", "axis", "number", "title", "completion_level")}),
        (
            _("Sheet"),
            {
                "fields": (
                    "problems",
                    "causes",
                    "consequences",
                    "solution",
                    "objectives",
                    "principles",
                    "competence_own",
                    "competence_shared",
                    "competence_transferred",
                    "linked_to_action_plan",
                    "feasible_within_period",
                )
            },
        ),
        (
            _("Budget and funding"),
            {
                "fields": (
                    "estimated_budget",
                    "budget_as_entered",
                    "funding_source",
                    "funding_details",
                    "duration",
                )
            },
        ),
        (_("Activities"), {"fields": ("announced_activity_count", "activity_weights")}),
        (
            _("Evaluation"),
            {
                "classes": ("collapse",),
                "description": _(
                    "The committee checks the project's objective against five criteria: "
                    "specific, measurable, achievable, relevant and time-bound. Leave a "
                    "criterion unknown when it was not judged."
                ),
                "fields": (
                    "evaluation",
                    "smart_specific",
                    "smart_measurable",
                    "smart_achievable",
                    "smart_relevant",
                    "smart_time_bound",
                    "smart_comment",
                ),
            },
        ),
        (_("Source"), {"fields": ("source_note",)}),
    )

    def get_queryset(self, request):
        # Progress, weight sum and activity count for the list and the change page.
        return super().get_queryset(request).with_progress()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        axis = form.base_fields.get("axis")
        if obj is not None and axis is not None:
            # Only the axes of the project's own programme (the model refuses the others).
            axis.queryset = axis.queryset.filter(programme_id=obj.programme_id)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_projects(request, [form.instance.pk])

    def after_import_warnings(self, request, result):
        warn_about_projects(request, [row.object_id for row in result.rows if row.object_id])

    @admin.display(description=_("progress"), ordering="progress_value")
    def progress_display(self, project):
        return progress_bar(project.progress_value)

    @admin.display(description=_("weight sum"), ordering="weight_sum")
    def weight_sum_display(self, project):
        if project.weight_sum is None:
            return "—"
        text = f"{selectors.format_number(project.weight_sum)}\u202f%"
        if selectors.weight_sum_is_consistent(project.weight_sum):
            return text
        return format_html(
            '<strong class="weight-warning" title="{}">⚠ {}</strong>',
            " ".join(selectors.project_warnings(project, project.programme)),
            text,
        )

    @admin.display(description=_("budget (MAD)"), ordering="estimated_budget")
    def budget_display(self, project):
        if project.estimated_budget is not None:
            return selectors.format_number(project.estimated_budget)
        return project.budget_as_entered or "—"

    @admin.display(description=_("activity weights"))
    def activity_weights(self, project):
        if project is None or project.pk is None:
            return gettext("Shown once the project is saved.")
        if not hasattr(project, "weight_sum"):
            project = Project.objects.with_progress().get(pk=project.pk)
        if project.weight_sum is None:
            total = gettext("No activity weight entered.")
        else:
            total = gettext("The activity weights add up to %(sum)s %%.") % {
                "sum": selectors.format_number(project.weight_sum)
            }
        warnings = selectors.project_warnings(
            project, project.programme, list(project.activities.all())
        )
        return format_html(
            "<p>{}</p>{}",
            total,
            format_html_join(
                "",
                '<p class="weight-warning">⚠ {}</p>',
                ((warning,) for warning in warnings),
            ),
        )


# Activities -------------------------------------------------------------------------------------


class ProgressUpdateInline(MemberScopedInlineMixin, admin.TabularInline):
    """Past reports are kept as written; a new row is recorded through
    ``services.record_progress``, which also updates the activity (see save_formset)."""

    model = ProgressUpdate
    member_path = "activity__project__programme__member"
    parent_member_path = "project__programme__member"
    fields = ("reported_on", "progress", "status", "comment", "author")
    readonly_fields = ("author",)
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(
    MemberScopedAdminMixin, ScopedImportExportMixin, ScopedHistoryAdmin, TabbedTranslationAdmin
):
    member_path = "project__programme__member"
    resource_classes = [ActivityResource]
    list_display = (
        "number",
        "title",
        "project",
        "programme",
        "start_date",
        "end_date",
        "weight_display",
        "status",
        "progress_display",
    )
    list_display_links = ("number", "title")
    list_filter = ("status", ("project__programme", RelatedOnlyFieldListFilter))
    list_select_related = ("project__programme__member",)
    search_fields = TRANSLATED_TITLES
    ordering = ("project__programme", "project__number", "number")
    autocomplete_fields = ("project", "partners")
    inlines = [ProgressUpdateInline]
    fieldsets = (
        (None, {"fields": ("project", "number", "title")}),
        (_("Dates and weight"), {"fields": ("start_date", "end_date", "weight")}),
        (
            _("Partners, cost and funding"),
            {
                "fields": (
                    "partners",
                    "partners_note",
                    "cost",
                    "cost_note",
                    "funding",
                    "responsible_service",
                )
            },
        ),
        (_("Progress"), {"fields": ("status", "progress")}),
        (_("Source"), {"fields": ("source_note",)}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **percent_widget_for_weight(db_field, kwargs)
        )

    @admin.display(description=Activity._meta.get_field("weight").verbose_name, ordering="weight")
    def weight_display(self, activity):
        # "10 %" rather than "10.00"; an empty weight stays empty, not 0.
        if activity.weight is None:
            return "—"
        return f"{selectors.format_number(activity.weight)}\u202f%"

    @admin.display(description=_("programme"), ordering="project__programme")
    def programme(self, activity):
        return activity.project.programme

    @admin.display(description=_("progress"), ordering="progress")
    def progress_display(self, activity):
        return progress_bar(activity.progress)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProgressUpdate:
            return super().save_formset(request, form, formset, change)
        for update in formset.save(commit=False):
            if update.pk is None:
                services.record_progress(
                    form.instance,
                    progress=update.progress,
                    status=update.status,
                    comment=update.comment,
                    user=request.user,
                    reported_on=update.reported_on,
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_projects(request, [form.instance.project_id])

    def after_import_warnings(self, request, result):
        warn_about_projects(
            request, {row.instance.project_id for row in result.rows if row.instance}
        )


# Indicators and partners ------------------------------------------------------------------------


class IndicatorMeasurementInline(MemberScopedInlineMixin, admin.TabularInline):
    model = IndicatorMeasurement
    member_path = "indicator__project__programme__member"
    parent_member_path = "project__programme__member"
    fields = ("measured_on", "value", "comment")
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(MemberScopedAdminMixin, TabbedTranslationAdmin):
    member_path = "project__programme__member"
    list_display = ("label", "kind", "number", "project", "unit", "baseline", "target")
    list_filter = ("kind", ("project__programme", RelatedOnlyFieldListFilter))
    list_select_related = ("project__programme__member",)
    search_fields = ("label_ar", "label_fr", "label_zgh")
    ordering = ("project__programme", "project__number", "kind", "number")
    autocomplete_fields = ("project",)
    fields = ("project", "kind", "number", "label", "unit", "baseline", "target")
    inlines = [IndicatorMeasurementInline]


@admin.register(Partner)
class PartnerAdmin(MemberScopedAdminMixin, TabbedTranslationAdmin):
    """Shared partners (no member) are read by everyone with a role and changed by network
    staff; a member's own partners follow the member's scope. Autocomplete lists the same."""

    member_path = "member"
    list_display = ("name", "kind", "owner", "website")
    list_filter = ("kind",)
    search_fields = ("name_ar", "name_fr", "name_zgh")
    fields = ("name", "kind", "member", "website")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def scoped_queryset(self, request, queryset, *, for_edit=False):
        if permissions.is_network_staff(request.user):
            return queryset
        # for_edit: what the user may attach to a project, shared partners included.
        ids = (
            permissions.editable_member_ids(request.user)
            if for_edit
            else permissions.viewable_member_ids(request.user)
        )
        return queryset.usable_by_member_ids(ids)

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.member_id is None:
            return permissions.has_any_role(request.user)
        return super().has_view_permission(request, obj)

    def get_list_filter(self, request):
        if permissions.is_network_staff(request.user):
            return ("kind", ("member", RelatedOnlyFieldListFilter))
        return ("kind",)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        member = form.base_fields.get("member")
        if member is not None and not permissions.is_network_staff(request.user):
            # Only network staff record shared partners.
            member.required = True
            member.empty_label = None
        return form

    @admin.display(description=_("recorded by"), ordering="member")
    def owner(self, partner):
        return partner.member or gettext("Shared by the network")
