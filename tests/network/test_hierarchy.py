import pytest
from django.core.exceptions import ValidationError

from network.models import Member, MemberKind
from tests.factories import CommuneFactory, ProvinceFactory, RegionFactory

pytestmark = pytest.mark.django_db


def errors_of(member):
    with pytest.raises(ValidationError) as raised:
        member.full_clean()
    return raised.value.message_dict


def test_a_commune_under_a_province_of_its_region_is_accepted():
    province = ProvinceFactory()
    commune = CommuneFactory.build(slug="c", region=province.region, parent=province)
    commune.full_clean()


def test_a_commune_under_a_region_parent_is_refused():
    region = RegionFactory()
    commune = CommuneFactory.build(slug="c", region=region, parent=region)
    assert "parent" in errors_of(commune)


def test_a_commune_with_a_province_from_another_region_is_refused():
    province = ProvinceFactory()
    commune = CommuneFactory.build(slug="c", region=RegionFactory(), parent=province)
    assert "parent" in errors_of(commune)


def test_a_commune_without_a_region_is_refused():
    commune = CommuneFactory.build(slug="c", region=None)
    assert "region" in errors_of(commune)


def test_a_province_with_its_region_as_parent_is_accepted():
    region = RegionFactory()
    province = ProvinceFactory.build(slug="p", region=region, parent=region)
    province.full_clean()


def test_a_province_under_another_province_is_refused():
    other = ProvinceFactory()
    province = ProvinceFactory.build(slug="p", region=other.region, parent=other)
    assert "parent" in errors_of(province)


def test_a_region_without_a_parent_is_accepted():
    RegionFactory.build(slug="r").full_clean()


def test_a_region_with_a_parent_is_refused():
    region = RegionFactory.build(slug="r", parent=RegionFactory())
    assert "parent" in errors_of(region)


def test_a_member_whose_region_is_not_a_region_is_refused():
    province = ProvinceFactory()
    commune = CommuneFactory.build(slug="c", region=province)
    assert "region" in errors_of(commune)


def test_the_database_refuses_a_region_with_a_parent_even_without_full_clean():
    from django.db import IntegrityError, transaction

    parent = RegionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(kind=MemberKind.REGION, slug="r", name_ar="ر", parent=parent)
