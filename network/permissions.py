"""Who may do what for which member: the single source of truth.

The admin (querysets, object permissions, foreign-key choices, autocomplete, import/export),
the public views and the PDF exports all ask these functions.

- Network staff (a superuser, or a user with the network-staff role) may do everything.
- A focal point edits everything of its own member.
- A committee member reads its member's data in the admin, moderates ideas and exports PDFs.
"""

from .models import Member, Role, RoleKind


def _roles(user):
    """The user's roles, read once per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_portal_roles_cache", None)
    if cached is None:
        cached = tuple(Role.objects.filter(user=user).values_list("kind", "member_id"))
        user._portal_roles_cache = cached
    return cached


def is_network_staff(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(kind == RoleKind.NETWORK_STAFF for kind, _ in _roles(user))


def member_ids_with_roles(user, kinds):
    return {member_id for kind, member_id in _roles(user) if kind in kinds and member_id}


def editable_member_ids(user):
    return member_ids_with_roles(user, {RoleKind.FOCAL_POINT})


def viewable_member_ids(user):
    return member_ids_with_roles(user, {RoleKind.FOCAL_POINT, RoleKind.COMMITTEE_MEMBER})


def has_any_role(user):
    return is_network_staff(user) or bool(viewable_member_ids(user))


def _member_id(member):
    return member if isinstance(member, int) else getattr(member, "pk", None)


def can_view_member(user, member):
    """Read the member's non-public data in the admin (personal data of citizens and committee
    members, hidden contributions, history). Programmes are public at every status: drafts are
    what citizens comment on."""
    if is_network_staff(user):
        return True
    return _member_id(member) in viewable_member_ids(user)


def can_edit_member(user, member):
    """Create, change and delete the member's programme, committee and consultation data."""
    if is_network_staff(user):
        return True
    return _member_id(member) in editable_member_ids(user)


def can_moderate_member(user, member):
    """Publish, hide and decide the fate of the member's ideas and observations."""
    return can_view_member(user, member)


def can_export_member(user, member):
    """Export the member's PDFs and its ideas with personal data."""
    return can_view_member(user, member)


def can_manage_members(user):
    """Create members, change their identity, give roles: network staff only."""
    return is_network_staff(user)


def members_viewable_by(user):
    if is_network_staff(user):
        return Member.objects.all()
    return Member.objects.filter(pk__in=viewable_member_ids(user))


def members_editable_by(user):
    if is_network_staff(user):
        return Member.objects.all()
    return Member.objects.filter(pk__in=editable_member_ids(user))
