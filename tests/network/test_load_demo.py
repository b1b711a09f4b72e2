import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from network import demo as network_demo
from network import permissions
from network.models import Member, Role
from network.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def demo(db):
    """The network's own demo loader (the command also runs the other apps' loaders)."""
    return network_demo.load()


@pytest.fixture
def command_output(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def counts():
    return (Member.objects.count(), User.objects.count(), Role.objects.count())


def test_it_loads_the_members_and_the_demo_accounts(demo):
    assert Member.objects.count() == 66
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "focal-beni-ensar",
        "focal-larache",
        "committee-beni-ensar",
    }


def test_running_the_command_twice_duplicates_nothing(command_output, capsys):
    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_running_the_network_loader_twice_duplicates_nothing(demo):
    before = counts()
    network_demo.load()
    assert counts() == before


def test_it_gives_each_demo_account_its_role(demo):
    beni_ensar = Member.objects.get(slug="beni-ensar")
    larache = Member.objects.get(slug="larache")
    assert permissions.is_network_staff(User.objects.get(username="admin"))
    assert permissions.can_edit_member(User.objects.get(username="focal-beni-ensar"), beni_ensar)
    assert not permissions.can_edit_member(User.objects.get(username="focal-larache"), beni_ensar)
    assert permissions.can_edit_member(User.objects.get(username="focal-larache"), larache)
    committee = User.objects.get(username="committee-beni-ensar")
    assert permissions.can_view_member(committee, beni_ensar)
    assert not permissions.can_edit_member(committee, beni_ensar)


def test_every_demo_account_may_log_in_to_the_admin_with_an_argon2_password(demo):
    for user in User.objects.filter(username__in=["admin", "focal-larache"]):
        assert user.is_staff
        assert user.password.startswith("argon2")
        assert user.check_password(DEMO_PASSWORD)


def test_it_adds_the_demo_details_of_beni_ensar(demo):
    member = Member.objects.get(slug="beni-ensar")
    assert member.focal_point_name == "مرزوق بوشربة"
    assert member.focal_point_function_ar == "رئيس مصلحة التواصل والعلاقات العامة"
    assert member.public_focal_point_email == "commune.bninsar@gmail.com"
    assert member.responsible_body_ar == "جماعة بني انصار"
    assert member.website == "https://www.bninsar.ma"


def test_it_adds_the_focal_point_of_larache(demo):
    assert Member.objects.get(slug="larache").focal_point_name == "سمية البو"


def test_it_prints_the_admin_url_and_the_logins_at_the_end(command_output):
    tail = command_output.strip().splitlines()[-6:]
    assert "http://127.0.0.1:8000/ar/admin/" in "\n".join(tail)
    assert DEMO_PASSWORD in "\n".join(tail)
    assert "focal-beni-ensar" in "\n".join(tail)


def test_a_dry_run_stores_nothing(capsys):
    call_command("load_demo", "--dry-run")
    assert counts() == (0, 0, 0)
