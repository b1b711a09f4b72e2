"""Admin of consultations: stations, workshops (with their documents), ideas and observations.

Who may do what comes from ``network.permissions`` through ``MemberScopedAdminMixin``:
- a focal point changes its own member's stations, workshops, ideas and observations, and enters
  the ideas collected in person or on paper (the add form and the spreadsheet import);
- a committee member reads its member's stations and workshops, and moderates its member's ideas
  and observations (``can_moderate_member``): publish, hide with a reason, decide the fate,
  answer; nothing else of them is editable for it;
- network staff do everything.
An object outside the user's scope answers 404.

What a citizen wrote online (title, text, submitter) is read-only for everyone; ideas and
observations entered by a focal point (in person, paper) stay editable by those who may change the
member's data. Moderation, fate and answers are written by ``consultations.services`` only
(``publish``, ``hide``, ``decide_fate``, ``answer_observation``), from the change form and from the
list's actions alike. Ideas and observations are hidden, never deleted (network staff excepted).

Personal data (name, email, phone, gender, age band, association) appears on the change page for
users who may view the member, never in the lists; the committee exports with personal data are
in ``consultations.exports``.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter, helpers
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from network import permissions
from network.admin_scoping import MemberScopedAdminMixin, MemberScopedInlineMixin
from network.figures import Share
from programmes.admin import ScopedImportExportMixin
from programmes.models import Project

from . import exports, selectors, services
from .models import (
    FATES_WITH_A_REASON,
    Channel,
    DeclaredAxisFigures,
    Event,
    EventDocument,
    Fate,
    Idea,
    Moderation,
    Observation,
    Station,
)
from .resources import (
    PAPER_CHANNELS,
    IdeaCommitteeResource,
    ObservationCommitteeResource,
    PaperIdeaResource,
)

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
SUBMITTER_FIELDS = (
    "submitter_kind",
    "association_name",
    "gender",
    "age_band",
    "name",
    "email",
    "phone",
)
MODERATION_FIELDS = ("moderation", "hidden_reason")


def workshop_time(event):
    """When a contribution collected at ``event`` was submitted: the workshop's start; for a
    workshop without a date, the first day of its station (midnight, local time), else now."""
    if event.starts_at is not None:
        return event.starts_at
    if event.station_id and event.station.starts_on is not None:
        return timezone.make_aware(
            datetime.datetime.combine(event.station.starts_on, datetime.time.min)
        )
    return timezone.now()


def translated(name):
    return tuple(f"{name}_{code}" for code in LANGUAGES)


def language_name(code):
    return get_language_info(code)["name_translated"]


def _with_translations(instance, name, values, write):
    """Set ``name`` in every language from ``values`` ({code: text}) on ``instance``, then call
    ``write(text)`` (a service that sets ``name`` itself) in the first language that has a text,
    so that the service writes that language's field and leaves the others as given."""
    for code, text in values.items():
        setattr(instance, f"{name}_{code}", text)
    language = next((code for code in LANGUAGES if values.get(code)), LANGUAGES[0])
    with translation.override(language):
        return write(values.get(language) or "")


def decide(idea, *, fate, reasons, user, projects=(), merged_into=None):
    """``services.decide_fate`` with the public reason in several languages."""
    return _with_translations(
        idea,
        "fate_reason",
        reasons,
        lambda reason: services.decide_fate(
            idea, fate=fate, user=user, reason=reason, projects=projects, merged_into=merged_into
        ),
    )


def answer(observation, *, answers, user):
    """``services.answer_observation`` with the answer in several languages."""
    return _with_translations(
        observation,
        "answer",
        answers,
        lambda text: services.answer_observation(observation, answer=text, user=user),
    )


def moderate(contribution, *, moderation, reason, user):
    if moderation == Moderation.PUBLISHED:
        return services.publish(contribution, user=user)
    if moderation == Moderation.HIDDEN:
        return services.hide(contribution, reason=reason, user=user)
    return contribution


# The choices of a decision on an idea ------------------------------------------------------------

REASON_REQUIRED = _("Give the public reason for this fate.")
PROJECTS_ONLY_WHEN_ACCEPTED = _("Only an accepted idea becomes projects.")
TARGET_ONLY_WHEN_MERGED = _(
    'Only a merged idea has a merge target: choose the fate "Merged into another idea" or '
    "empty this field."
)


def project_choices(member_id):
    """The projects an idea of ``member_id`` may become: the member's, newest programme first,
    by number."""
    return (
        Project.objects.filter(programme__member_id=member_id)
        .select_related("programme")
        .order_by("-programme__first_year", "number", "pk")
    )


def project_label(project):
    return f"{project.programme.period} — {project}"


def merge_targets(member_id, *, exclude=(), keep=None):
    """The ideas of ``member_id`` that others may be merged into, by tracking code: not those of
    ``exclude`` (the ideas being merged), not those already merged into another (except
    ``keep``, the current target, which stays a choice)."""
    already_merged = Q(fate=Fate.MERGED)
    if keep is not None:
        already_merged &= ~Q(pk=keep)
    return (
        Idea.objects.filter(programme__member_id=member_id)
        .exclude(pk__in=exclude)
        .exclude(already_merged)
        .order_by("tracking_code")
        .distinct()
    )


def idea_label(idea):
    """An idea as a choice: its tracking code first (titles repeat between duplicates)."""
    return f"{idea.tracking_code} — {idea.title}"


class _OneIdeaAutocomplete:
    """An admin autocomplete that asks one idea's choices (``IdeaAdmin.decision_choices``): the
    site's autocomplete knows the user, not the idea, so network staff would be offered every
    member's projects. ``url`` is set by ``IdeaAdmin.get_form``."""

    url = None

    def get_url(self):
        return self.url or super().get_url()


class OneIdeaAutocompleteSelect(_OneIdeaAutocomplete, AutocompleteSelect):
    pass


class OneIdeaAutocompleteSelectMultiple(_OneIdeaAutocomplete, AutocompleteSelectMultiple):
    pass


class DecisionChoicesView(AutocompleteJsonView):
    """The answer of ``OneIdeaAutocomplete*``: ``choices`` ({field name: (queryset, label)}),
    searched with the search fields of the chosen model's admin, labelled as on the form."""

    choices = None

    def process_request(self, request):
        source = (request.GET.get("app_label"), request.GET.get("model_name"))
        if source != ("consultations", "idea") or request.GET.get("field_name") not in (
            self.choices
        ):
            raise PermissionDenied
        return super().process_request(request)

    def get_queryset(self):
        queryset, self.label = self.choices[self.source_field.name]
        queryset, distinct = self.model_admin.get_search_results(self.request, queryset, self.term)
        return queryset.distinct() if distinct else queryset

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": self.label(obj)}


# Stations and workshops -------------------------------------------------------------------------


class OpenNowFilter(admin.SimpleListFilter):
    title = _("open now")
    parameter_name = "open_now"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        open_today = Station.objects.open_on(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=open_today)
        if self.value() == "no":
            return queryset.exclude(pk__in=open_today)
        return queryset


@admin.register(Station)
class StationAdmin(MemberScopedAdminMixin, TabbedTranslationAdmin):
    member_path = "programme__member"
    list_display = (
        "display_title",
        "programme",
        "kind",
        "starts_on",
        "ends_on",
        "online_input",
        "open_now",
    )
    list_filter = (
        ("programme", RelatedOnlyFieldListFilter),
        "kind",
        "online_input",
        OpenNowFilter,
    )
    list_select_related = ("programme__member",)
    search_fields = ("title_ar", "title_fr", "title_zgh")
    ordering = ("programme", "position", "starts_on", "pk")
    fieldsets = (
        (None, {"fields": ("programme", "kind", "position", "title", "description")}),
        (_("Dates and place"), {"fields": ("starts_on", "ends_on", "place", "online_input")}),
        (
            _("Published figures"),
            {
                "fields": (
                    "declared_ideas_in_person",
                    "declared_ideas_online",
                    "declared_ideas_on_paper",
                    "declared_ideas_accepted",
                    "declared_observations",
                    "declared_projects",
                )
            },
        ),
    )

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, station):
        return station.display_title

    @admin.display(description=_("open now"), boolean=True)
    def open_now(self, station):
        return station.is_open


@admin.register(DeclaredAxisFigures)
class DeclaredAxisFiguresAdmin(MemberScopedAdminMixin, admin.ModelAdmin):
    """The figures a member published per axis (ideas, accepted ideas, observations, projects),
    typed from the programme document. An empty field is "not given", never 0. The axis
    choices are those of the user's members (``formfield_for_foreignkey`` of the scoping)."""

    member_path = "axis__programme__member"
    list_display = (
        "axis",
        "programme",
        "ideas_in_person_display",
        "ideas_online_display",
        "ideas_on_paper_display",
        "ideas_accepted_display",
        "observations_display",
        "projects_display",
    )
    list_filter = (("axis__programme", RelatedOnlyFieldListFilter),)
    list_select_related = ("axis__programme__member",)
    ordering = ("axis__programme", "axis__number")
    fields = ("axis", *DeclaredAxisFigures.FIGURE_FIELDS)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        axis = form.base_fields.get("axis")
        if axis is not None:
            axis.queryset = axis.queryset.select_related("programme__member").order_by(
                "programme__member__slug", "-programme__first_year", "number"
            )
            axis.label_from_instance = lambda a: f"{a.programme} — {a}"
        return form

    @admin.display(description=_("programme"), ordering="axis__programme")
    def programme(self, figures):
        return figures.axis.programme

    def _figure(self, value):
        # Unknown is not zero: an empty field is "not given".
        return gettext("not given") if value is None else value

    @admin.display(description=_("ideas in person"), ordering="ideas_in_person")
    def ideas_in_person_display(self, figures):
        return self._figure(figures.ideas_in_person)

    @admin.display(description=_("ideas online"), ordering="ideas_online")
    def ideas_online_display(self, figures):
        return self._figure(figures.ideas_online)

    @admin.display(description=_("ideas on paper"), ordering="ideas_on_paper")
    def ideas_on_paper_display(self, figures):
        return self._figure(figures.ideas_on_paper)

    @admin.display(description=_("accepted ideas"), ordering="ideas_accepted")
    def ideas_accepted_display(self, figures):
        return self._figure(figures.ideas_accepted)

    @admin.display(description=_("observations"), ordering="observations")
    def observations_display(self, figures):
        return self._figure(figures.observations)

    @admin.display(description=_("projects from ideas"), ordering="projects")
    def projects_display(self, figures):
        return self._figure(figures.projects)


class EventDocumentInline(MemberScopedInlineMixin, admin.TabularInline):
    model = EventDocument
    member_path = "event__member"
    parent_member_path = "member"
    fields = ("title", "file", "is_photo")
    extra = 0


@admin.register(Event)
class EventAdmin(MemberScopedAdminMixin, TabbedTranslationAdmin):
    member_path = "member"
    list_display = (
        "title",
        "member",
        "station",
        "starts_at",
        "participants",
        "women",
        "women_share",
        "associations",
        "administration",
        "elected",
    )
    list_filter = (("member", RelatedOnlyFieldListFilter), ("station", RelatedOnlyFieldListFilter))
    list_select_related = ("member", "station")
    search_fields = ("title_ar", "title_fr", "title_zgh")
    # Workshops without a date (the published document does not give it) come last.
    ordering = (F("starts_at").desc(nulls_last=True), "-pk")
    inlines = [EventDocumentInline]
    fieldsets = (
        (None, {"fields": ("member", "station", "title", "starts_at", "ends_at", "place")}),
        (_("Agenda and minutes"), {"fields": ("agenda", "minutes")}),
        (
            _("Participation"),
            {"fields": ("participants", "women", "associations", "administration", "elected")},
        ),
    )

    @admin.display(description=_("women (%)"))
    def women_share(self, event):
        # Unknown is not zero: no share without both figures.
        percent = Share(event.women, event.participants).percent
        return "—" if percent is None else f"{percent}\u202f%"


# Ideas and observations -------------------------------------------------------------------------


class ContributionAdminForm(forms.ModelForm):
    """Checks what the model cannot: the workshop belongs to the member, moderation does not go
    back to "awaiting"; on the add form, only the channels of a focal point's entry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channel = self.fields.get("channel")
        if channel is not None:
            channel.choices = [(value.value, value.label) for value in PAPER_CHANNELS]
            channel.initial = Channel.IN_PERSON
        if self.instance.pk is None and "event" in self.fields:
            self.fields["event"].required = True

    def programme_of(self, cleaned):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        moderation = cleaned.get("moderation")
        stored = self.instance.moderation
        if self.instance.pk and moderation == Moderation.PENDING and stored != Moderation.PENDING:
            self.add_error("moderation", _("A moderated contribution cannot await moderation."))
        event = cleaned.get("event")
        programme = self.programme_of(cleaned)
        if event is not None and programme is not None:
            if event.member_id != programme.member_id:
                self.add_error("event", _("The workshop belongs to another member."))
            elif event.station_id and event.station.programme_id != programme.pk:
                self.add_error(
                    "event", _("The workshop belongs to a station of another programme.")
                )
        return cleaned


class IdeaAdminForm(ContributionAdminForm):
    """The decision's rules beside the model's (a reason for a rejection, a target for a merge):
    projects only for an accepted idea, a merge target only for a merged one."""

    def programme_of(self, cleaned):
        if "programme" in self.fields:
            return cleaned.get("programme")
        return self.instance.programme if self.instance.programme_id else None

    def clean(self):
        cleaned = super().clean()
        fate = cleaned.get("fate", self.instance.fate)
        if cleaned.get("projects") and fate != Fate.ACCEPTED:
            self.add_error("projects", PROJECTS_ONLY_WHEN_ACCEPTED)
        if cleaned.get("merged_into") and fate != Fate.MERGED:
            self.add_error("merged_into", TARGET_ONLY_WHEN_MERGED)
        return cleaned


class ObservationAdminForm(ContributionAdminForm):
    def programme_of(self, cleaned):
        if "project" in self.fields:
            project = cleaned.get("project")
            return project.programme if project is not None else None
        return self.instance.project.programme if self.instance.project_id else None


def _reason_fields(prefix, label, *, help_text=""):
    return {
        f"{prefix}_{code}": forms.CharField(
            label=f"{label} ({language_name(code)})",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
            help_text=help_text if code == LANGUAGES[0] else "",
        )
        for code in LANGUAGES
    }


class TranslatedTextsForm(forms.Form):
    """A form with one text field per language, ``<prefix>_<code>``."""

    prefix_name = ""

    def texts(self):
        return {code: self.cleaned_data.get(f"{self.prefix_name}_{code}", "") for code in LANGUAGES}


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for hiding"),
        max_length=Idea._meta.get_field("hidden_reason").max_length,
        help_text=_("Recorded with the moderation; it is not published."),
    )


class FateForm(TranslatedTextsForm):
    prefix_name = "reason"
    fate = forms.ChoiceField(
        label=_("fate"), choices=[choice for choice in Fate.choices if choice[0] != Fate.MERGED]
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("projects it became"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for accepted ideas."),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_reason_fields("reason", gettext("public explanation of the fate")))
        self.fields["projects"].queryset = project_choices(member.pk)
        self.fields["projects"].label_from_instance = project_label
        self.order_fields(["fate", *translated("reason"), "projects"])

    def clean(self):
        # The rules of the change page (Idea.clean, IdeaAdminForm.clean), on this form's fields.
        cleaned = super().clean()
        fate = cleaned.get("fate")
        if fate in FATES_WITH_A_REASON and not any(self.texts().values()):
            self.add_error(f"reason_{LANGUAGES[0]}", REASON_REQUIRED)
        if cleaned.get("projects") and fate != Fate.ACCEPTED:
            self.add_error("projects", PROJECTS_ONLY_WHEN_ACCEPTED)
        return cleaned


class MergeForm(TranslatedTextsForm):
    prefix_name = "reason"
    target = forms.ModelChoiceField(label=_("merged into"), queryset=Idea.objects.none())

    def __init__(self, *args, member, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = merge_targets(member.pk, exclude=exclude)
        self.fields["target"].label_from_instance = idea_label
        self.fields.update(_reason_fields("reason", gettext("public explanation of the fate")))


class AnswerForm(TranslatedTextsForm):
    prefix_name = "answer"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_reason_fields("answer", gettext("public answer")))

    def clean(self):
        cleaned = super().clean()
        if not any(self.texts().values()):
            raise forms.ValidationError(_("Write the answer in at least one language."))
        return cleaned


class ContributionAdmin(MemberScopedAdminMixin, ScopedImportExportMixin, TabbedTranslationAdmin):
    """What ideas and observations share: moderation, scoping, exports."""

    #: Fields a moderator may change, written through the services.
    decision_fields = ()
    #: What the citizen (or the focal point, for in-person and paper entries) wrote.
    content_fields = ()
    #: Fields of the add form.
    add_fieldsets = ()
    #: Shown on the change page, never editable there.
    info_fields = ()
    record_fields = ("moderated_by", "moderated_at")
    committee_resource = None
    actions = ["publish_selected", "hide_selected"]

    # Permissions --------------------------------------------------------------------------------

    def _member_ids_where(self, request, predicate):
        return [
            member_id
            for member_id in permissions.viewable_member_ids(request.user)
            if predicate(request.user, member_id)
        ]

    def has_moderate_permission(self, request, obj=None):
        if obj is not None:
            return permissions.can_moderate_member(request.user, self.get_member(obj))
        return permissions.is_network_staff(request.user) or bool(
            self._member_ids_where(request, permissions.can_moderate_member)
        )

    def has_change_permission(self, request, obj=None):
        # Moderators (committee members included) change the moderation and the fate; what
        # else they may change is settled by get_readonly_fields.
        return self.has_moderate_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_network_staff(request.user)

    def has_export_permission(self, request):
        return permissions.is_network_staff(request.user) or bool(
            self._member_ids_where(request, permissions.can_export_member)
        )

    def may_edit_content(self, request, obj):
        return obj.channel in PAPER_CHANNELS and permissions.can_edit_member(
            request.user, self.get_member(obj)
        )

    def moderatable(self, request, queryset):
        if permissions.is_network_staff(request.user):
            return queryset
        member_ids = self._member_ids_where(request, permissions.can_moderate_member)
        return queryset.filter(**{f"{self.member_path}__in": member_ids})

    # Forms --------------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            fieldsets = self.add_fieldsets
        else:
            fieldsets = [
                (None, {"fields": self.info_fields}),
                (_("Contribution"), {"fields": self.content_fields}),
                *self.extra_fieldsets(request, obj),
            ]
            if permissions.can_view_member(request.user, self.get_member(obj)):
                fieldsets.append((_("Submitter (personal data)"), {"fields": SUBMITTER_FIELDS}))
            fieldsets.extend(self.decision_fieldsets(request, obj))
        return [
            (name, {**options, "fields": self.replace_orig_field(options["fields"])})
            for name, options in fieldsets
        ]

    def extra_fieldsets(self, request, obj):
        return []

    def decision_fieldsets(self, request, obj):
        return [(_("Moderation"), {"fields": (*MODERATION_FIELDS, *self.record_fields)})]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = [*self.info_fields, *self.record_fields]
        if not self.may_edit_content(request, obj):
            readonly += [*self.content_fields, *SUBMITTER_FIELDS]
        if not self.has_moderate_permission(request, obj):
            readonly += [*MODERATION_FIELDS, *self.decision_fields]
        return self.replace_orig_field(readonly)

    # Saving -------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            if not permissions.can_edit_member(request.user, self.get_member(obj)):
                raise PermissionDenied
            self.submit(request, obj)
            return
        if not self.has_moderate_permission(request, obj):
            raise PermissionDenied
        changed = set(form.changed_data)
        # What the services write: put back as stored, then handed to the services.
        service_fields = [*MODERATION_FIELDS, *self.replace_orig_field(self.decision_fields)]
        many_to_many = {field.name for field in obj._meta.many_to_many}
        stored = type(obj).objects.get(pk=obj.pk)
        wanted = {name: getattr(obj, name) for name in service_fields if name not in many_to_many}
        for name in wanted:
            setattr(obj, name, getattr(stored, name))
        with transaction.atomic():
            if changed - set(service_fields):
                if not self.may_edit_content(request, stored):
                    raise PermissionDenied
                obj.full_clean()
                obj.save()
            if changed & set(MODERATION_FIELDS):
                moderate(
                    obj,
                    moderation=wanted["moderation"],
                    reason=wanted["hidden_reason"],
                    user=request.user,
                )
            self.save_decisions(request, obj, form, wanted, changed)

    def save_related(self, request, form, formsets, change):
        # Many-to-many decisions (the projects an idea became) are written by the services in
        # save_model; the form must not write them again.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def submit(self, request, obj):
        raise NotImplementedError

    def save_decisions(self, request, obj, form, wanted, changed):
        pass

    @staticmethod
    def adopt(obj, stored):
        """Make the admin's unsaved ``obj`` the row a service stored."""
        obj.pk = stored.pk
        obj.tracking_code = stored.tracking_code
        obj.station = stored.station
        obj.submitted_at = stored.submitted_at
        obj._state.adding = False
        obj._state.db = stored._state.db

    # Actions ------------------------------------------------------------------------------------

    def action_page(self, request, queryset, form, *, title, action, intro=""):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "objects": queryset,
            "form": form,
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/consultations/action_form.html", context)

    def one_member(self, request, queryset):
        """The one member of the selected rows, or None (with a message) for several."""
        member_ids = set(queryset.values_list(f"{self.member_path}_id", flat=True))
        if len(member_ids) != 1:
            self.message_user(
                request, gettext("Choose contributions of one member only."), messages.ERROR
            )
            return None
        return self.get_member(queryset.first())

    @admin.action(description=_("Publish the selected contributions"), permissions=["moderate"])
    def publish_selected(self, request, queryset):
        count = 0
        with transaction.atomic():
            for contribution in self.moderatable(request, queryset):
                if contribution.moderation != Moderation.PUBLISHED:
                    services.publish(contribution, user=request.user)
                    count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d contribution published.", "%(count)d contributions published.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Hide the selected contributions…"), permissions=["moderate"])
    def hide_selected(self, request, queryset):
        queryset = self.moderatable(request, queryset)
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            with transaction.atomic():
                for contribution in queryset:
                    services.hide(
                        contribution, reason=form.cleaned_data["reason"], user=request.user
                    )
            self.message_user(
                request,
                ngettext(
                    "%(count)d contribution hidden.",
                    "%(count)d contributions hidden.",
                    len(queryset),
                )
                % {"count": len(queryset)},
                messages.SUCCESS,
            )
            return None
        return self.action_page(
            request,
            queryset,
            form,
            title=gettext("Hide contributions"),
            action="hide_selected",
            intro=gettext("Hidden contributions leave the public pages; say why."),
        )

    def export_with_personal_data(self, request, queryset, fmt):
        dataset = self.committee_dataset(request.user, queryset)
        day = timezone.localdate().isoformat()
        return exports.spreadsheet_response(dataset, fmt, f"{self.model._meta.model_name}s-{day}")

    # Import and export --------------------------------------------------------------------------

    def get_export_resource_classes(self, request):
        return [self.committee_resource]

    def get_export_queryset(self, request):
        return exports.exportable(
            super().get_export_queryset(request), request.user, self.member_path
        )

    def get_list_display_links(self, request, list_display):
        return list_display[:2]


@admin.register(Idea)
class IdeaAdmin(ContributionAdmin):
    member_path = "programme__member"
    form = IdeaAdminForm
    committee_resource = IdeaCommitteeResource
    list_display = (
        "tracking_code",
        "title",
        "member",
        "axis",
        "channel",
        "moderation",
        "fate",
        "submitted_at",
    )
    list_filter = (
        "moderation",
        "fate",
        "channel",
        ("axis", RelatedOnlyFieldListFilter),
        ("programme__member", RelatedOnlyFieldListFilter),
    )
    list_select_related = ("programme__member", "axis")
    search_fields = ("tracking_code", "title", "body")
    ordering = ("-submitted_at", "-pk")
    actions = [
        "publish_selected",
        "hide_selected",
        "decide_fate_selected",
        "merge_selected",
        "export_xlsx",
        "export_csv",
    ]
    info_fields = ("tracking_code", "programme", "station", "channel", "submitted_at")
    content_fields = ("event", "axis", "title", "body")
    decision_fields = ("fate", "fate_reason", "projects", "merged_into")
    autocomplete_fields = ("projects", "merged_into")
    add_fieldsets = (
        (None, {"fields": ("programme", "event", "channel")}),
        (_("Idea"), {"fields": ("axis", "title", "body")}),
        (_("Submitter (personal data)"), {"fields": SUBMITTER_FIELDS}),
    )

    class Media:
        css = {"all": ("css/idea_decision.css",)}

    def extra_fieldsets(self, request, obj):
        return [(_("Similar ideas"), {"fields": ("similar_ideas",)})]

    def decision_fieldsets(self, request, obj):
        # One decision: whether the idea is published, and what became of it.
        fields = (*MODERATION_FIELDS, *self.decision_fields, *self.record_fields, "decided_at")
        return [
            (
                _("Decision"),
                {
                    "fields": fields,
                    "description": _(
                        "The fate and its reason are public: at once on the page the idea's "
                        "author follows with the tracking code, and in the member's list of "
                        "ideas once the idea is published."
                    ),
                },
            )
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        return (*readonly, "similar_ideas", "decided_at")

    def decision_choices(self, idea):
        """{field: (queryset, label)}: what the decision on ``idea`` may pick."""
        member_id = idea.programme.member_id
        return {
            "projects": (project_choices(member_id), project_label),
            "merged_into": (
                merge_targets(member_id, exclude=[idea.pk], keep=idea.merged_into_id),
                idea_label,
            ),
        }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "merged_into":
            kwargs["widget"] = OneIdeaAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "projects":
            kwargs["widget"] = OneIdeaAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        url = reverse("admin:consultations_idea_decision_choices", args=[obj.pk])
        for name, (queryset, label) in self.decision_choices(obj).items():
            field = form.base_fields.get(name)
            if field is None:
                continue
            field.queryset = queryset
            field.label_from_instance = label
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, _OneIdeaAutocomplete):
                widget.url = url
        return form

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decision-choices/",
                self.admin_site.admin_view(self.decision_choices_view),
                name="consultations_idea_decision_choices",
            ),
            *super().get_urls(),
        ]

    def decision_choices_view(self, request, object_id):
        """The autocomplete of the change page's projects and merge target: the choices of
        this idea (its member's), for a user who may moderate it."""
        idea = self.get_object(request, object_id)
        if not self.has_moderate_permission(request, idea):
            raise PermissionDenied
        view = DecisionChoicesView.as_view(
            admin_site=self.admin_site, choices=self.decision_choices(idea)
        )
        return view(request)

    def get_import_resource_classes(self, request):
        return [PaperIdeaResource]

    def committee_dataset(self, user, queryset):
        return exports.committee_ideas(user, queryset)

    def submit(self, request, idea):
        data = {name: getattr(idea, name) for name in ("axis", "title", "body", *SUBMITTER_FIELDS)}
        data["submitted_at"] = workshop_time(idea.event)
        stored = services.submit_idea(
            programme=idea.programme,
            data=data,
            channel=idea.channel,
            event=idea.event,
            station=idea.event.station,
        )
        self.adopt(idea, stored)

    def save_decisions(self, request, idea, form, wanted, changed):
        fate_fields = {"fate", "merged_into", "projects", *translated("fate_reason")}
        if not changed & fate_fields:
            return
        decide(
            idea,
            fate=wanted["fate"],
            reasons={code: wanted[f"fate_reason_{code}"] for code in LANGUAGES},
            projects=list(form.cleaned_data.get("projects") or ()),
            merged_into=wanted["merged_into"],
            user=request.user,
        )

    @admin.display(description=_("member"), ordering="programme__member")
    def member(self, idea):
        return idea.programme.member

    @admin.display(description=_("similar ideas"))
    def similar_ideas(self, idea):
        if idea is None or idea.pk is None:
            return "—"
        similar = selectors.similar_ideas(idea)
        if not similar:
            return gettext("No similar idea of this member.")
        return format_html(
            '<ul class="similar-ideas">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {}</li>',
                (
                    (
                        reverse("admin:consultations_idea_change", args=[other.pk]),
                        other.tracking_code,
                        other.title,
                    )
                    for other in similar
                ),
            ),
        )

    # Actions ------------------------------------------------------------------------------------

    @admin.action(description=_("Decide the fate of the selected ideas…"), permissions=["moderate"])
    def decide_fate_selected(self, request, queryset):
        queryset = self.moderatable(request, queryset)
        member = self.one_member(request, queryset)
        if member is None:
            return None
        form = FateForm(request.POST if "apply" in request.POST else None, member=member)
        if form.is_valid():
            with transaction.atomic():
                for idea in queryset:
                    decide(
                        idea,
                        fate=form.cleaned_data["fate"],
                        reasons=form.texts(),
                        projects=list(form.cleaned_data["projects"]),
                        user=request.user,
                    )
            self.message_user(
                request,
                ngettext(
                    "The fate of %(count)d idea was recorded.",
                    "The fate of %(count)d ideas was recorded.",
                    len(queryset),
                )
                % {"count": len(queryset)},
                messages.SUCCESS,
            )
            return None
        return self.action_page(
            request,
            queryset,
            form,
            title=gettext("Decide the fate of ideas"),
            action="decide_fate_selected",
            intro=gettext("The fate and its explanation are published with the ideas."),
        )

    @admin.action(description=_("Merge the selected ideas into another…"), permissions=["moderate"])
    def merge_selected(self, request, queryset):
        queryset = self.moderatable(request, queryset)
        member = self.one_member(request, queryset)
        if member is None:
            return None
        form = MergeForm(
            request.POST if "apply" in request.POST else None,
            member=member,
            exclude=[idea.pk for idea in queryset],
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            with transaction.atomic():
                for idea in queryset:
                    decide(
                        idea,
                        fate=Fate.MERGED,
                        reasons=form.texts(),
                        merged_into=target,
                        user=request.user,
                    )
            self.message_user(
                request,
                ngettext(
                    "%(count)d idea was merged into %(target)s.",
                    "%(count)d ideas were merged into %(target)s.",
                    len(queryset),
                )
                % {"count": len(queryset), "target": target.tracking_code},
                messages.SUCCESS,
            )
            return None
        return self.action_page(
            request,
            queryset,
            form,
            title=gettext("Merge ideas (duplicates)"),
            action="merge_selected",
            intro=gettext("Choose the idea of the same member that they repeat."),
        )

    @admin.action(
        description=_("Export the selected ideas with personal data (XLSX)"), permissions=["export"]
    )
    def export_xlsx(self, request, queryset):
        return self.export_with_personal_data(request, queryset, "xlsx")

    @admin.action(
        description=_("Export the selected ideas with personal data (CSV)"), permissions=["export"]
    )
    def export_csv(self, request, queryset):
        return self.export_with_personal_data(request, queryset, "csv")


@admin.register(Observation)
class ObservationAdmin(ContributionAdmin):
    member_path = "project__programme__member"
    form = ObservationAdminForm
    committee_resource = ObservationCommitteeResource
    list_display = (
        "tracking_code",
        "excerpt",
        "project",
        "member",
        "aspect",
        "channel",
        "moderation",
        "answered",
        "submitted_at",
    )
    list_filter = (
        "moderation",
        "aspect",
        "channel",
        ("project", RelatedOnlyFieldListFilter),
        ("project__programme__member", RelatedOnlyFieldListFilter),
    )
    list_select_related = ("project__programme__member",)
    search_fields = ("tracking_code", "body")
    ordering = ("-submitted_at", "-pk")
    actions = ["publish_selected", "hide_selected", "answer_selected", "export_xlsx", "export_csv"]
    info_fields = ("tracking_code", "project", "station", "channel", "submitted_at")
    content_fields = ("event", "aspect", "body")
    decision_fields = ("answer",)
    add_fieldsets = (
        (None, {"fields": ("project", "event", "channel")}),
        (_("Observation"), {"fields": ("aspect", "body")}),
        (_("Submitter (personal data)"), {"fields": SUBMITTER_FIELDS}),
    )

    def decision_fieldsets(self, request, obj):
        return [
            *super().decision_fieldsets(request, obj),
            (_("Public answer"), {"fields": ("answer", "answered_at")}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else (*readonly, "answered_at")

    def has_import_permission(self, request):
        return False

    def committee_dataset(self, user, queryset):
        return exports.committee_observations(user, queryset)

    def submit(self, request, observation):
        data = {name: getattr(observation, name) for name in ("aspect", "body", *SUBMITTER_FIELDS)}
        data["submitted_at"] = workshop_time(observation.event)
        stored = services.submit_observation(
            project=observation.project,
            data=data,
            channel=observation.channel,
            event=observation.event,
            station=observation.event.station,
        )
        self.adopt(observation, stored)

    def save_decisions(self, request, observation, form, wanted, changed):
        if changed & set(translated("answer")):
            answer(
                observation,
                answers={code: wanted[f"answer_{code}"] for code in LANGUAGES},
                user=request.user,
            )

    @admin.display(description=_("member"), ordering="project__programme__member")
    def member(self, observation):
        return observation.project.programme.member

    @admin.display(description=_("observation"))
    def excerpt(self, observation):
        return observation.body if len(observation.body) <= 80 else observation.body[:79] + "…"

    @admin.display(description=_("answered"), boolean=True)
    def answered(self, observation):
        return bool(observation.answered_at)

    @admin.action(description=_("Answer the selected observations…"), permissions=["moderate"])
    def answer_selected(self, request, queryset):
        queryset = self.moderatable(request, queryset)
        form = AnswerForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            with transaction.atomic():
                for observation in queryset:
                    answer(observation, answers=form.texts(), user=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d observation answered.",
                    "%(count)d observations answered.",
                    len(queryset),
                )
                % {"count": len(queryset)},
                messages.SUCCESS,
            )
            return None
        return self.action_page(
            request,
            queryset,
            form,
            title=gettext("Answer observations"),
            action="answer_selected",
            intro=gettext("The answer is published under each observation."),
        )

    @admin.action(
        description=_("Export the selected observations with personal data (XLSX)"),
        permissions=["export"],
    )
    def export_xlsx(self, request, queryset):
        return self.export_with_personal_data(request, queryset, "xlsx")

    @admin.action(
        description=_("Export the selected observations with personal data (CSV)"),
        permissions=["export"],
    )
    def export_csv(self, request, queryset):
        return self.export_with_personal_data(request, queryset, "csv")
