"""Admin of the follow-up committees (members and meetings as inlines), and the admin actions
that download printable documents for council sessions.

Scoping comes from ``MemberScopedAdminMixin``: a focal point changes its own member's
committee, a committee member reads it, network staff see everything. Committee members'
private contacts (email, phone) are only in this admin, so only users who may view that member
see them; public pages and PDFs never show them.

The download actions check ``network.permissions.can_export_member`` for every selected row:
a user without the right on a member gets a 403, whatever ids were posted. ``ProgrammeAdmin``
uses :func:`download_booklet` and :func:`download_booklet_fr` (see ``programmes/admin.py``).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override as language_override
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from network import permissions
from network.admin_scoping import MemberScopedAdminMixin, MemberScopedInlineMixin

from . import documents, pdf
from .models import Committee, CommitteeMeeting, CommitteeMember


def _one_exportable(modeladmin, request, queryset):
    """The single selected object, if the user may export its member's documents; 403 else."""
    objects = list(queryset[:2])
    if not objects:
        # Posted ids outside the user's scope leave the (scoped) queryset empty.
        raise PermissionDenied
    for obj in objects:
        if not permissions.can_export_member(request.user, modeladmin.get_member(obj)):
            raise PermissionDenied
    if len(objects) > 1:
        modeladmin.message_user(
            request, gettext("Choose one row to download its document."), level="warning"
        )
        return None
    return objects[0]


def _download(request, document):
    return pdf.pdf_response(request, document, attachment=True)


@admin.action(description=_("Download the booklet (PDF)"), permissions=["view"])
def download_booklet(modeladmin, request, queryset):
    programme = _one_exportable(modeladmin, request, queryset.select_related("member"))
    if programme is None:
        return None
    return _download(request, documents.booklet(programme, for_staff=True))


@admin.action(description=_("Download the booklet (PDF, French)"), permissions=["view"])
def download_booklet_fr(modeladmin, request, queryset):
    programme = _one_exportable(modeladmin, request, queryset.select_related("member"))
    if programme is None:
        return None
    with language_override("fr"):
        return _download(request, documents.booklet(programme, for_staff=True))


class CommitteeMemberInline(MemberScopedInlineMixin, TranslationTabularInline):
    model = CommitteeMember
    member_path = "committee__member"
    parent_member_path = "member"
    fields = (
        "position",
        "full_name",
        "category",
        "function",
        "gender",
        "email",
        "phone",
        "active_from",
        "active_to",
    )
    ordering = ("position", "pk")
    extra = 0


class MeetingFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        attendees = form.fields.get("attendees")
        if attendees is not None:
            # Only this committee's members may be marked present.
            attendees.queryset = CommitteeMember.objects.filter(
                committee_id=self.instance.pk
            ).order_by("position", "pk")


class CommitteeMeetingInline(MemberScopedInlineMixin, TranslationStackedInline):
    model = CommitteeMeeting
    formset = MeetingFormSet
    member_path = "committee__member"
    parent_member_path = "member"
    fields = ("held_on", "place", "agenda", "decisions", "minutes", "attendees")
    filter_horizontal = ("attendees",)
    ordering = ("-held_on",)
    extra = 0


class CommitteeAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        programme, member = cleaned.get("programme"), cleaned.get("member", self.instance.member_id)
        member_id = getattr(member, "pk", member)
        if programme is not None and member_id and programme.member_id != member_id:
            self.add_error("programme", _("The programme belongs to another member."))
        return cleaned


@admin.register(Committee)
class CommitteeAdmin(MemberScopedAdminMixin, TabbedTranslationAdmin):
    member_path = "member"
    form = CommitteeAdminForm
    list_display = ("name", "member", "decision_number", "decided_on")
    list_select_related = ("member",)
    search_fields = ("member__slug", "member__name_ar", "member__name_fr", "name_ar", "name_fr")
    ordering = ("member__slug", "-decided_on")
    fieldsets = (
        (None, {"fields": ("member", "programme", "name")}),
        (
            _("Decision"),
            {"fields": ("decision_number", "decided_on", "signatory", "decision_document")},
        ),
        (None, {"fields": ("mandate", "composition")}),
    )
    inlines = [CommitteeMemberInline, CommitteeMeetingInline]
    actions = ["download_register", "download_register_fr"]

    def view_on_site(self, obj):
        return reverse("programmes:committee_detail", kwargs={"slug": obj.member.slug})

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        programme = form.base_fields.get("programme")
        if programme is not None:
            # Only the committee's member's programmes (on the add form: the user's members').
            if obj is not None:
                programme.queryset = programme.queryset.filter(member_id=obj.member_id)
            elif not permissions.is_network_staff(request.user):
                programme.queryset = programme.queryset.filter(
                    member__in=permissions.members_editable_by(request.user)
                )
        return form

    @admin.action(description=_("Download the committee register (PDF)"), permissions=["view"])
    def download_register(self, request, queryset):
        committee = _one_exportable(self, request, queryset.select_related("member"))
        if committee is None:
            return None
        return _download(request, documents.committee(committee.member))

    @admin.action(
        description=_("Download the committee register (PDF, French)"), permissions=["view"]
    )
    def download_register_fr(self, request, queryset):
        committee = _one_exportable(self, request, queryset.select_related("member"))
        if committee is None:
            return None
        with language_override("fr"):
            return _download(request, documents.committee(committee.member))
