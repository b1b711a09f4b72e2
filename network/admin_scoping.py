"""Admin building blocks that scope every page to the members a user may see or change.

Every admin of member-owned data (programmes, projects, ideas, committee...) uses
``MemberScopedAdminMixin`` with ``member_path`` naming the lookup from its model to ``Member``
(``"member"``, ``"programme__member"``, ...; ``"self"`` for the ``Member`` admin itself).
Permissions come from ``network.permissions`` only, not from Django's per-model permissions, so
that one module says who may do what. An object outside the user's scope answers 404 on every
admin page (change, delete, history), as if it did not exist.

``StaffOnlyAdminMixin`` is for data that only network staff see and change (roles, the
network's reference content).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ctouvertes.text import cleaned_form_field

from . import permissions
from .models import Member


def follow_path(obj, path):
    """Follow a ``a__b__c`` lookup path on an instance; returns None when a link is missing."""
    for attribute in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, attribute, None)
    return obj


def member_of(obj, path):
    if isinstance(obj, Member) and path in ("", "self"):
        return obj
    return follow_path(obj, path)


class TextCleaningAdminMixin:
    """Text typed in the admin is read without bidi controls and invisible characters
    (``ctouvertes.text``), so that a field made only of them is refused as empty."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return cleaned_form_field(
            super().formfield_for_dbfield(db_field, request, **kwargs), db_field
        )


class _ScopedPermissionsMixin(TextCleaningAdminMixin):
    """Shared by model admins and inlines."""

    member_path = "member"
    #: True for data that only network staff may change (e.g. member identity).
    staff_only_changes = False

    def _scope_filter(self, ids):
        if self.member_path in ("", "self"):
            return {"pk__in": ids}
        return {f"{self.member_path}__in": ids}

    def scoped_queryset(self, request, queryset, *, for_edit=False):
        user = request.user
        if permissions.is_network_staff(user):
            return queryset
        ids = (
            permissions.editable_member_ids(user)
            if for_edit
            else permissions.viewable_member_ids(user)
        )
        return queryset.filter(**self._scope_filter(ids))

    def _may_edit_something(self, request):
        if self.staff_only_changes:
            return permissions.is_network_staff(request.user)
        return permissions.is_network_staff(request.user) or bool(
            permissions.editable_member_ids(request.user)
        )

    def _may_edit_object(self, request, obj):
        if self.staff_only_changes:
            return permissions.is_network_staff(request.user)
        return permissions.can_edit_member(request.user, self.get_member(obj))

    def get_member(self, obj):
        return member_of(obj, self.member_path)

    def has_module_permission(self, request):
        return permissions.has_any_role(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.has_any_role(request.user)
        member = self.get_member(obj)
        return member is not None and permissions.can_view_member(request.user, member)

    def has_add_permission(self, request, *args):
        return self._may_edit_something(request)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self._may_edit_something(request)
        return self._may_edit_object(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only what the user may attach to: its own members and their records."""
        related_model = db_field.remote_field.model
        if not permissions.is_network_staff(request.user):
            if related_model is Member and db_field.name == self.member_path.split("__")[0]:
                kwargs["queryset"] = permissions.members_editable_by(request.user)
            else:
                related_admin = self.admin_site._registry.get(related_model)
                if isinstance(related_admin, _ScopedPermissionsMixin) and not (
                    related_admin.staff_only_changes
                ):
                    kwargs["queryset"] = related_admin.scoped_queryset(
                        request, related_model._default_manager.all(), for_edit=True
                    )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related_model = db_field.remote_field.model
        if not permissions.is_network_staff(request.user):
            related_admin = self.admin_site._registry.get(related_model)
            if isinstance(related_admin, _ScopedPermissionsMixin) and not (
                related_admin.staff_only_changes
            ):
                kwargs["queryset"] = related_admin.scoped_queryset(
                    request, related_model._default_manager.all(), for_edit=True
                )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MemberScopedAdminMixin(_ScopedPermissionsMixin):
    """For a ModelAdmin of member-owned data."""

    def get_queryset(self, request):
        return self.scoped_queryset(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Django's admin redirects to the index when the object is not in get_queryset();
        # answer 404 instead, the same for what does not exist and what is not yours.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object, or not one you may see."))
        return obj

    def get_valid_export_item_pks(self, request):
        # django-import-export's export-selected action validates the chosen ids against
        # every row of the table by default (and lists them in its form): only the user's.
        return self.get_queryset(request).values_list("pk", flat=True)

    def save_model(self, request, obj, form, change):
        # The form already limits the member choices; this guards every other path.
        if not self._may_edit_object(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class MemberScopedInlineMixin(_ScopedPermissionsMixin):
    """For an inline: permissions follow the parent object (``parent_member_path``)."""

    parent_member_path = "member"

    def get_queryset(self, request):
        return self.scoped_queryset(request, super().get_queryset(request))

    def _parent_member(self, obj):
        return member_of(obj, self.parent_member_path)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.has_any_role(request.user)
        return permissions.can_view_member(request.user, self._parent_member(obj))

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return self._may_edit_something(request)
        return permissions.can_edit_member(request.user, self._parent_member(obj))

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class StaffOnlyAdminMixin(TextCleaningAdminMixin):
    """For a ModelAdmin or an inline that only network staff may see and change."""

    def has_module_permission(self, request):
        return permissions.is_network_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_network_staff(request.user)

    def has_add_permission(self, request, *args):
        return permissions.is_network_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_network_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_network_staff(request.user)
