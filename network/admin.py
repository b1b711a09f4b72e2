"""Admin of the network: members (scoped to a user's own member), roles and reference content.

Who may do what comes from ``network.permissions``:
- network staff: everything, including importing the member list;
- a focal point: sees and changes only its own member, and only what a member manages itself
  (contacts, logo, social links, the responsible body, the focal point and what it publishes);
- a committee member: sees its own member, changes nothing.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TabbedTranslationAdmin

from ctouvertes.spreadsheet_safety import SafeImportAdminMixin

from . import permissions, services
from .admin_scoping import MemberScopedAdminMixin, StaffOnlyAdminMixin
from .models import CharterItem, ExpectedResult, Member, Principle, Role
from .resources import MemberResource

# The admin speaks as the network's portal, not as "Django administration". network is the lowest
# app, so these lines run before any admin page is built. ``site_url`` ("View site") is reversed
# when a page renders, in that request's language ("/ar/", "/fr/", "/zgh/").
admin.site.site_header = _("Moroccan Network of Open Territorial Collectivities")
admin.site.site_title = _("Open Collectivities portal — administration")
admin.site.index_title = _("Portal administration")
admin.site.site_url = reverse_lazy("network:home")

#: Fields that say what a member is: only network staff change them.
IDENTITY_FIELDS = (
    "kind",
    "name",
    "slug",
    "parent",
    "region",
    "joined_on",
    "cohort",
    "is_active",
    "source_note",
)


class RoleInline(StaffOnlyAdminMixin, admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("member",)
    verbose_name = _("role")
    verbose_name_plural = _("roles on the portal")


class MemberRoleInline(RoleInline):
    fk_name = "member"
    fields = ("user", "kind")


class UserRoleInline(RoleInline):
    fk_name = "user"
    fields = ("kind", "member")


@admin.register(Member)
class MemberAdmin(
    MemberScopedAdminMixin, SafeImportAdminMixin, ImportExportModelAdmin, TabbedTranslationAdmin
):
    member_path = "self"
    resource_classes = [MemberResource]
    list_display = ("name", "kind", "region", "joined_on", "cohort", "is_active")
    list_filter = (
        "kind",
        ("region", admin.RelatedOnlyFieldListFilter),
        "cohort",
        "is_active",
    )
    search_fields = ("name_ar", "name_fr", "name_zgh", "slug")
    autocomplete_fields = ("parent", "region")
    list_select_related = ("region",)
    prepopulated_fields = {"slug": ("name_fr",)}
    fieldsets = (
        (
            _("Identity"),
            {"fields": ("kind", "name", "slug", "region", "parent", "joined_on", "cohort")},
        ),
        (_("Contacts"), {"fields": ("logo", "website", "email", "phone", "green_number")}),
        (
            _("Social links"),
            {"fields": ("facebook_url", "x_url", "instagram_url", "youtube_url", "linkedin_url")},
        ),
        (_("Open-action programme"), {"fields": ("responsible_body",)}),
        (
            _("Personal data of citizens (Law 09-08)"),
            {"fields": ("cndp_declaration_number", "personal_data_contact")},
        ),
        (
            _("Focal point"),
            {
                "fields": (
                    "focal_point_name",
                    "focal_point_function",
                    "focal_point_email",
                    "publish_focal_point_email",
                    "focal_point_phone",
                    "publish_focal_point_phone",
                )
            },
        ),
        (_("Portal"), {"fields": ("is_active", "source_note", "created_at", "updated_at")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["created_at", "updated_at"]
        if not permissions.can_manage_members(request.user):
            readonly += IDENTITY_FIELDS
        return self.replace_orig_field(readonly)

    def get_prepopulated_fields(self, request, obj=None):
        if not permissions.can_manage_members(request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_inlines(self, request, obj):
        return [MemberRoleInline] if permissions.is_network_staff(request.user) else []

    # Members are created and removed by network staff only; a focal point changes its own.
    def has_add_permission(self, request):
        return permissions.can_manage_members(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_members(request.user)

    def has_import_permission(self, request):
        return permissions.can_manage_members(request.user)

    def has_export_permission(self, request):
        # The export reads get_queryset(): a focal point exports its own member only.
        return permissions.has_any_role(request.user)


@admin.register(Role)
class RoleAdmin(StaffOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "member")
    list_filter = ("kind",)
    search_fields = ("user__username", "member__name_ar", "member__name_fr", "member__slug")
    autocomplete_fields = ("member",)
    list_select_related = ("user", "member")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.allow_admin_login(obj.user)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin, with the portal roles of the user (shown to network staff)."""

    inlines = [UserRoleInline]


class ReferenceContentAdmin(StaffOnlyAdminMixin, TabbedTranslationAdmin):
    """The four principles and three expected results: other apps refer to them by code, so the
    set is fixed and a code never changes; names and descriptions are edited here."""

    list_display = ("name", "code", "position")
    ordering = ("position", "pk")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Principle)
class PrincipleAdmin(ReferenceContentAdmin):
    pass


@admin.register(ExpectedResult)
class ExpectedResultAdmin(ReferenceContentAdmin):
    pass


@admin.register(CharterItem)
class CharterItemAdmin(StaffOnlyAdminMixin, TabbedTranslationAdmin):
    list_display = ("__str__", "section", "position")
    list_filter = ("section",)
    ordering = ("section", "position", "pk")
