"""The demo data (accounts with a public password) is never loaded behind one's back.

docker-compose.yml starts the web container with scripts/docker-start.sh: migrations, a first
superuser from DJANGO_SUPERUSER_* when set and missing, the demo data only with LOAD_DEMO=1.
``load_demo`` refuses to give an existing account (e.g. a real ``admin``) the demo password
unless asked with --reset-demo-passwords. Docker does not run here: the script is run with
stand-ins for ``python`` and ``gunicorn`` that record their arguments."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from network.models import Member
from network.services import DEMO_PASSWORD
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
OWN_PASSWORD = "the network's own long password"

User = get_user_model()


# load_demo ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_refuses_an_existing_admin_with_its_own_password(capsys):
    UserFactory(username="admin", password=OWN_PASSWORD)
    with pytest.raises(CommandError, match="admin"):
        call_command("load_demo")
    admin = User.objects.get(username="admin")
    assert admin.check_password(OWN_PASSWORD)
    assert not admin.check_password(DEMO_PASSWORD)
    assert not admin.is_superuser
    assert not Member.objects.exists()  # nothing loaded


@pytest.mark.django_db
def test_load_demo_refuses_an_existing_demo_focal_point_with_its_own_password():
    UserFactory(username="focal-larache", password=OWN_PASSWORD)
    with pytest.raises(CommandError, match="focal-larache"):
        call_command("load_demo")
    assert User.objects.get(username="focal-larache").check_password(OWN_PASSWORD)


@pytest.mark.django_db
def test_load_demo_refuses_an_existing_admin_without_a_usable_password():
    UserFactory(username="admin", password=None)
    User.objects.filter(username="admin").update(password="!")
    with pytest.raises(CommandError, match="admin"):
        call_command("load_demo")
    assert not User.objects.get(username="admin").has_usable_password()


@pytest.mark.django_db
def test_load_demo_resets_an_existing_admin_when_asked(capsys):
    UserFactory(username="admin", password=OWN_PASSWORD)
    call_command("load_demo", "--reset-demo-passwords")
    admin = User.objects.get(username="admin")
    assert admin.check_password(DEMO_PASSWORD)
    assert admin.is_superuser


@pytest.mark.django_db
def test_load_demo_runs_again_over_its_own_demo_accounts(capsys):
    """``make run`` loads the demo at every start on a developer machine."""
    call_command("load_demo")
    call_command("load_demo")
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD)
    assert "Demo data loaded." in capsys.readouterr().out


# docker-compose.yml and .env.example ---------------------------------------------------------


def compose_text():
    return (ROOT / "docker-compose.yml").read_text(encoding="utf-8")


def test_compose_starts_the_web_container_with_the_start_script():
    assert 'command: ["sh", "scripts/docker-start.sh"]' in compose_text()


def test_compose_never_loads_the_demo_itself():
    assert "load_demo" not in compose_text()


def test_compose_passes_the_demo_flag_off_by_default():
    assert re.search(r"^\s+LOAD_DEMO: \$\{LOAD_DEMO:-0\}$", compose_text(), re.MULTILINE)


def test_env_example_documents_the_flag_and_the_superuser_commented_out():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in ("LOAD_DEMO", "DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD"):
        assert re.search(rf"^#{name}=", text, re.MULTILINE), name
        assert not re.search(rf"^{name}=", text, re.MULTILINE), name


# scripts/docker-start.sh, with stand-ins for python and gunicorn -----------------------------

STAND_IN = """#!/bin/sh
echo "$(basename "$0") $*" >> "$CALLS"
if [ "$1 $2" = "manage.py shell" ]; then exit "${USER_EXISTS_STATUS:-3}"; fi
"""


def start(tmp_path, **environment):
    """Run the start script; returns (exit status, the commands it ran)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in ("python", "gunicorn"):
        (bin_dir / name).write_text(STAND_IN)
        (bin_dir / name).chmod(0o755)
    calls = tmp_path / "calls"
    calls.write_text("")
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CALLS": str(calls),
        **environment,
    }
    result = subprocess.run(
        [shutil.which("sh"), "scripts/docker-start.sh"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, calls.read_text().splitlines()


def test_the_start_script_migrates_and_serves_without_demo_or_superuser(tmp_path):
    status, calls = start(tmp_path)
    assert status == 0
    assert calls == [
        "python manage.py migrate --noinput",
        "gunicorn ctouvertes.wsgi --bind 0.0.0.0:8000 --no-control-socket --access-logfile -",
    ]


def test_the_start_script_loads_the_demo_with_the_flag(tmp_path):
    status, calls = start(tmp_path, LOAD_DEMO="1")
    assert status == 0
    assert calls[1] == "python manage.py load_demo"


def test_the_start_script_does_not_load_the_demo_with_the_flag_at_0(tmp_path):
    status, calls = start(tmp_path, LOAD_DEMO="0")
    assert status == 0
    assert not any("load_demo" in call for call in calls)


def test_the_start_script_creates_a_missing_superuser(tmp_path):
    status, calls = start(
        tmp_path, DJANGO_SUPERUSER_USERNAME="network-admin", DJANGO_SUPERUSER_PASSWORD="x" * 20
    )
    assert status == 0
    assert "python manage.py createsuperuser --noinput" in calls


def test_the_start_script_leaves_an_existing_superuser_alone(tmp_path):
    status, calls = start(
        tmp_path,
        DJANGO_SUPERUSER_USERNAME="network-admin",
        DJANGO_SUPERUSER_PASSWORD="x" * 20,
        USER_EXISTS_STATUS="0",
    )
    assert status == 0
    assert not any("createsuperuser" in call for call in calls)


def test_the_start_script_stops_on_an_error_of_the_user_check(tmp_path):
    status, calls = start(
        tmp_path,
        DJANGO_SUPERUSER_USERNAME="network-admin",
        DJANGO_SUPERUSER_PASSWORD="x" * 20,
        USER_EXISTS_STATUS="1",
    )
    assert status == 1
    assert not any(call.startswith("gunicorn") for call in calls)


def test_the_start_script_refuses_a_superuser_without_a_password(tmp_path):
    status, calls = start(tmp_path, DJANGO_SUPERUSER_USERNAME="network-admin")
    assert status == 1
    assert not any("createsuperuser" in call or call.startswith("gunicorn") for call in calls)
