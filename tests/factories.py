"""Factories shared by every app's tests.

Members are in the network (joined, active) unless told otherwise. A commune or a province
gets a region of its own unless one is given; pass ``region=`` (and ``parent=``) to build a
hierarchy::

    oriental = RegionFactory(slug="region-oriental", name_ar="الشرق", name_fr="L'Oriental")
    beni_ensar = CommuneFactory(slug="beni-ensar", region=oriental, name_ar="بني انصار")
    alice = UserFactory(username="alice")
    RoleFactory(user=alice, member=beni_ensar)                     # focal point
    RoleFactory(user=bob, member=beni_ensar, kind=RoleKind.COMMITTEE_MEMBER)
    StaffRoleFactory(user=diana)                                   # network staff
"""

import datetime
import functools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from network.models import (
    CharterItem,
    CharterSection,
    Member,
    MemberKind,
    Role,
    RoleKind,
)

JOINED_ON = datetime.date(2022, 10, 21)
# Hashing with Argon2 is slow on purpose; factories share one hash of this password.
PASSWORD = "correct horse battery staple"


@functools.cache
def _hashed_default_password():
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True  # roles are exercised in the admin

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        """``UserFactory(password="...")`` hashes that password; the default is shared."""
        if extracted:
            user.set_password(extracted)
        else:
            user.password = _hashed_default_password()
        if create:
            user.save(update_fields=["password"])


class MemberFactory(factory.django.DjangoModelFactory):
    """A commune by default, in a region of its own."""

    class Meta:
        model = Member
        django_get_or_create = ("slug",)

    kind = MemberKind.COMMUNE
    slug = factory.Sequence(lambda n: f"member-{n}")
    name_ar = factory.Sequence(lambda n: f"جماعة {n}")
    name_fr = factory.Sequence(lambda n: f"Commune {n}")
    region = factory.SubFactory("tests.factories.RegionFactory")
    joined_on = JOINED_ON
    cohort = 1


class RegionFactory(MemberFactory):
    kind = MemberKind.REGION
    slug = factory.Sequence(lambda n: f"region-{n}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    region = None


class ProvinceFactory(MemberFactory):
    """A province whose parent is its region."""

    kind = MemberKind.PROVINCE
    slug = factory.Sequence(lambda n: f"province-{n}")
    name_ar = factory.Sequence(lambda n: f"إقليم {n}")
    name_fr = factory.Sequence(lambda n: f"Province {n}")
    parent = factory.SelfAttribute("region")


class CommuneFactory(MemberFactory):
    pass


class RoleFactory(factory.django.DjangoModelFactory):
    """A focal point of a new commune unless told otherwise."""

    class Meta:
        model = Role
        django_get_or_create = ("user", "member", "kind")

    user = factory.SubFactory(UserFactory)
    member = factory.SubFactory(CommuneFactory)
    kind = RoleKind.FOCAL_POINT


class StaffRoleFactory(RoleFactory):
    member = None
    kind = RoleKind.NETWORK_STAFF


class CharterItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterItem

    section = CharterSection.VALUE
    text_ar = factory.Sequence(lambda n: f"قيمة {n}")
    text_fr = factory.Sequence(lambda n: f"Valeur {n}")
    position = factory.Sequence(int)
