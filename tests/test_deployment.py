"""Deploying safely: `check --deploy` is silent with the documented production environment,
the web application refuses to start with the public development key, and the rate-limit
counters live in a cache that every worker shares."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from consultations.models import Idea
from ctouvertes.checks import (
    check_mail_is_delivered,
    check_secret_key_from_environment,
    check_shared_cache,
)

from .consultations.helpers import make_station
from .consultations.test_submit import FIRST_DAY, idea_post, idea_url, on
from .programmes.helpers import make_member, make_programme

ROOT = Path(__file__).resolve().parent.parent

#: The production environment documented in the README and .env.example.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qp2vX9-production-like-secret-for-the-test-only-3fZc8LmW1sYt6RbN0",
    "ALLOWED_HOSTS": "portal.example.ma",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.ma",
    "HTTPS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "EMAIL_HOST": "smtp.example.ma",
}


def run_python(code_or_args, env_changes, *, drop=("SECRET_KEY", "DEBUG", "HTTPS", "REDIS_URL")):
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env["DJANGO_SETTINGS_MODULE"] = "ctouvertes.settings"
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_check_deploy_prints_nothing_with_the_production_environment(cache):
    env = dict(PRODUCTION)
    if cache == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_check_deploy_names_every_missing_production_setting():
    result = run_python(["manage.py", "check", "--deploy"], {"DEBUG": "0"})
    for warning in (
        "ctouvertes.W002",  # SECRET_KEY not set
        "ctouvertes.W003",  # no SMTP server: tracking codes not delivered
        "security.W004",  # HSTS
        "security.W008",  # SSL redirect
        "security.W009",  # weak key
        "security.W012",  # session cookie
        "security.W016",  # CSRF cookie
    ):
        assert warning in result.stderr, warning


def test_the_web_application_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_python(["-c", "import ctouvertes.wsgi"], {"DEBUG": "0"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["change-me-to-a-long-random-string", "short-but-random-3fZc8LmW", "a" * 60],
    ids=["example value", "short", "one character"],
)
def test_the_web_application_refuses_a_weak_secret_key(key):
    result = run_python(["-c", "import ctouvertes.wsgi"], {"DEBUG": "0", "SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY " in result.stderr


@pytest.mark.parametrize(
    "env", [{"DEBUG": "1"}, {"SECRET_KEY": PRODUCTION["SECRET_KEY"]}], ids=["debug", "key"]
)
def test_the_web_application_starts_in_development_or_with_a_key(env):
    result = run_python(["-c", "import ctouvertes.wsgi; print('started')"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


def test_a_per_process_cache_is_a_deployment_warning():
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        assert [warning.id for warning in check_shared_cache(None)] == ["ctouvertes.W001"]
    with override_settings(CACHES=settings.PORTAL_CACHES):
        assert check_shared_cache(None) == []


def test_the_public_development_key_is_a_deployment_warning():
    with override_settings(SECRET_KEY_FROM_ENVIRONMENT=False):
        assert [w.id for w in check_secret_key_from_environment(None)] == ["ctouvertes.W002"]
    with override_settings(SECRET_KEY_FROM_ENVIRONMENT=True):
        assert check_secret_key_from_environment(None) == []


def test_mail_that_is_not_delivered_is_a_deployment_warning():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        assert [w.id for w in check_mail_is_delivered(None)] == ["ctouvertes.W003"]
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        assert check_mail_is_delivered(None) == []


@pytest.mark.parametrize(
    "env, backend",
    [
        ({}, "django.core.cache.backends.db.DatabaseCache ctouvertes_cache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "django_redis.cache.RedisCache redis://"),
    ],
    ids=["without Redis", "with Redis"],
)
def test_the_portal_cache_is_shared_by_every_worker(env, backend):
    code = (
        "from django.conf import settings; cache = settings.CACHES['default'];"
        "print(cache['BACKEND'], cache['LOCATION'][:8 if 'redis' in cache['LOCATION'] else None])"
    )
    result = run_python(["-c", "import django; django.setup();" + code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


@pytest.fixture
def portal_cache(db):
    """The portal's own cache (the database table without REDIS_URL), whose table `migrate`
    creates."""
    with override_settings(CACHES=settings.PORTAL_CACHES):
        call_command("migrate", verbosity=0)
        yield caches["default"]
        caches["default"].clear()


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="REDIS_URL set: the cache is Redis")
def test_every_worker_counts_in_the_same_rate_limit(client, portal_cache):
    """Each worker process has its own cache objects; the counters must still be one. A new
    cache object after each post stands for the next post landing on another worker."""
    station = make_station(make_programme(make_member()))
    url = idea_url(station.programme.member)
    statuses = []
    with on(FIRST_DAY):
        for _ in range(6):
            statuses.append(client.post(url, idea_post()).status_code)
            caches.close_all()
            del caches["default"]  # the next request builds its cache object anew
    assert statuses == [302] * 5 + [429]
    assert Idea.objects.count() == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ctouvertes_cache")
        assert cursor.fetchone()[0] >= 1


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    code = (
        "import django, json; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor();"
        "cursor.execute('PRAGMA journal_mode'); mode = cursor.fetchone()[0];"
        "cursor.execute('PRAGMA busy_timeout'); timeout = cursor.fetchone()[0];"
        "print(json.dumps([mode, timeout, connection.transaction_mode]))"
    )
    result = run_python(
        ["-c", code],
        {"SQLITE_PATH": str(tmp_path / "portal.sqlite3")},
        drop=("DATABASE_URL", "SECRET_KEY", "DEBUG"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '["wal", 20000, "IMMEDIATE"]'


@pytest.mark.parametrize(("https", "hsts_seconds"), [("1", 31536000), ("0", 0)])
def test_an_empty_variable_from_docker_compose_means_the_default(https, hsts_seconds):
    """docker-compose.yml passes ${SECURE_HSTS_SECONDS:-} and the like: empty when .env does not
    set them, which must mean the settings' default, not a crash or "off"."""
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.PERSONAL_DATA_RETENTION_DAYS]))"
    )
    empty = dict.fromkeys(
        (
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "PERSONAL_DATA_RETENTION_DAYS",
        ),
        "",
    )
    result = run_python(["-c", code], {**empty, "HTTPS": https})
    assert result.returncode == 0, result.stderr
    https_on = https == "1"
    assert json.loads(result.stdout) == [hsts_seconds, https_on, https_on, False, 365]
