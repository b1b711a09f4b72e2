"""The permission functions, without HTTP."""

import pytest

from network import permissions
from network.models import Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_focal_point_may_edit_its_own_member(alice, beni_ensar):
    assert permissions.can_edit_member(alice, beni_ensar)


def test_a_focal_point_may_not_edit_another_member(alice, larache):
    assert not permissions.can_edit_member(alice, larache)


def test_a_focal_point_may_view_its_own_member(alice, beni_ensar):
    assert permissions.can_view_member(alice, beni_ensar)


def test_a_focal_point_may_not_view_another_member(alice, larache):
    assert not permissions.can_view_member(alice, larache)


def test_a_committee_member_may_view_its_member(charlie, beni_ensar):
    assert permissions.can_view_member(charlie, beni_ensar)


def test_a_committee_member_may_not_edit_its_member(charlie, beni_ensar):
    assert not permissions.can_edit_member(charlie, beni_ensar)


def test_a_committee_member_may_moderate_and_export_its_member(charlie, beni_ensar):
    assert permissions.can_moderate_member(charlie, beni_ensar)
    assert permissions.can_export_member(charlie, beni_ensar)


def test_a_committee_member_may_not_moderate_another_member(charlie, larache):
    assert not permissions.can_moderate_member(charlie, larache)


def test_network_staff_may_edit_every_member(diana, beni_ensar, larache):
    assert permissions.can_edit_member(diana, beni_ensar)
    assert permissions.can_edit_member(diana, larache)


def test_a_superuser_is_network_staff(db):
    assert permissions.is_network_staff(UserFactory(is_superuser=True))


def test_only_network_staff_manage_members(alice, charlie, diana):
    assert permissions.can_manage_members(diana)
    assert not permissions.can_manage_members(alice)
    assert not permissions.can_manage_members(charlie)


def test_an_inactive_focal_point_may_do_nothing(alice, beni_ensar):
    alice.is_active = False
    alice.save()
    assert not permissions.can_view_member(alice, beni_ensar)


def test_an_anonymous_user_may_do_nothing(beni_ensar):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_view_member(AnonymousUser(), beni_ensar)
    assert not permissions.has_any_role(AnonymousUser())


def test_a_user_without_role_has_no_role(db):
    assert not permissions.has_any_role(UserFactory())


def test_members_editable_by_a_focal_point_are_its_own(alice, beni_ensar, larache):
    assert list(permissions.members_editable_by(alice)) == [beni_ensar]


def test_members_editable_by_a_committee_member_are_none(charlie, beni_ensar):
    assert not permissions.members_editable_by(charlie).exists()


def test_members_viewable_by_staff_are_all(diana, beni_ensar, larache):
    assert set(permissions.members_viewable_by(diana)) == set(Member.objects.all())


def test_a_user_given_a_role_may_log_in_to_the_admin(db):
    from django.contrib.auth import get_user_model

    from network.models import RoleKind
    from network.services import assign_role
    from tests.factories import MemberFactory

    user = get_user_model().objects.create_user("erin", password="x-long-password-123")
    assert not user.is_staff
    assign_role(user=user, kind=RoleKind.FOCAL_POINT, member=MemberFactory())
    user.refresh_from_db()
    assert user.is_staff
