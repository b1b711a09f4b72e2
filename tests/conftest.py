"""Fixtures shared by every app's tests.

The cast: alice is the focal point of Beni Ensar, bob the focal point of Larache, charlie a
committee member of Beni Ensar, diana network staff (a role, not a superuser). Log one in with
``login(alice)``, which returns the test client (``force_login``: django-axes refuses
``client.login()`` without a request).
"""

import pytest
from django.conf import settings
from django.utils import translation

from network.models import RoleKind

from .factories import CommuneFactory, RegionFactory, RoleFactory, StaffRoleFactory, UserFactory


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the portal's default language (Arabic), whatever language a
    request or an override of the previous test left active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def oriental(db):
    return RegionFactory(slug="region-oriental", name_ar="الشرق", name_fr="L'Oriental")


@pytest.fixture
def tanger_region(db):
    return RegionFactory(
        slug="region-tanger-tetouan-al-hoceima",
        name_ar="طنجة-تطوان-الحسيمة",
        name_fr="Tanger-Tétouan-Al Hoceïma",
    )


@pytest.fixture
def beni_ensar(oriental):
    return CommuneFactory(
        slug="beni-ensar", name_ar="بني انصار", name_fr="Beni Ensar", region=oriental
    )


@pytest.fixture
def larache(tanger_region):
    return CommuneFactory(
        slug="larache", name_ar="العرائش", name_fr="Larache", region=tanger_region
    )


@pytest.fixture
def alice(beni_ensar):
    user = UserFactory(username="alice")
    RoleFactory(user=user, member=beni_ensar, kind=RoleKind.FOCAL_POINT)
    return user


@pytest.fixture
def bob(larache):
    user = UserFactory(username="bob")
    RoleFactory(user=user, member=larache, kind=RoleKind.FOCAL_POINT)
    return user


@pytest.fixture
def charlie(beni_ensar):
    user = UserFactory(username="charlie")
    RoleFactory(user=user, member=beni_ensar, kind=RoleKind.COMMITTEE_MEMBER)
    return user


@pytest.fixture
def diana(db):
    user = UserFactory(username="diana")
    StaffRoleFactory(user=user)
    return user


@pytest.fixture
def login(client):
    """``login(user)`` logs ``user`` in and returns the client."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in
