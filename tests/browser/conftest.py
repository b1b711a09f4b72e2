"""Browser tests: the portal's journeys in Debian's chromium, driven by Playwright.

Every test in this directory is marked ``browser`` (run only them with
``make test PYTEST_ARGS="-m browser"``, leave them out with ``-m "not browser"``) and is skipped,
with the reason, when Playwright or ``/usr/bin/chromium`` is missing. Playwright never downloads
a browser of its own here: it launches ``CHROMIUM`` with ``--no-sandbox``.

The demo data (``load_demo``) is loaded once for the whole directory into the test database, a
live server serves it, and on leaving the directory the database is emptied and given back the
rows its migrations made (what pytest-django's serialized rollback does), so the tests outside
this directory see the database they expect. The demo takes about 17 s to load: once, not per
test. Tests therefore share the data and must not rely on what another test wrote (use unique
titles). Database access is open in every test here (the live server's thread needs it), so a
test may read what the browser stored with the ORM.

Fixtures, for every test of this directory:

- ``site``: the live server; ``site.url("/fr/members/")`` is an absolute URL.
- ``browser``: chromium, launched once for the directory.
- ``new_page(viewport=PHONE|DESKTOP, javascript=True)``: a page in a new browser context of that
  viewport (closed after the test). ``phone_page`` and ``desktop_page`` are ready-made ones.
- ``shot(page, "step-name", docs=None)``: saves ``var/screenshots/<test>/<step-name>.png`` (CI
  keeps var/screenshots/ as an artefact); with ``docs="name"`` and ``DOCS_SCREENSHOTS=1`` in the
  environment, also saves what the window shows as ``docs/screenshots/<name>.png``.
- ``step("name")``: a context manager that times a step of the journey; the session writes the
  table of every step's time to ``var/screenshots/timings.md`` and prints it at the end.
- ``log_in(page, username)``: logs a demo account in through the admin's login form.
- ``axe(page)``: runs axe-core (``node_modules/axe-core``, from ``npm ci``) on the page and
  returns its violations (dicts with ``id``, ``impact``, ``help``, ``nodes``). The page's strict
  CSP is kept: the script is evaluated through the DevTools protocol, not added as a tag.
- ``wait_for_form_age(served_at)``: waits until the idea or observation form served at
  ``served_at`` (``time.monotonic()`` after its page loaded) is older than
  ``consultations.forms.FORM_MIN_FILL_SECONDS`` (the form refuses faster posts as a bot's).
"""

import os
import re
import time
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "var/screenshots"
DOCS_SCREENSHOTS = ROOT / "docs/screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
DEMO_PASSWORD = "demo-ctouvertes-2026"
HERE = Path(__file__).resolve().parent

try:
    import playwright.sync_api as playwright_api
except ImportError:  # pragma: no cover - the dev dependency group installs it
    playwright_api = None


def skip_reason():
    if playwright_api is None:
        return "Playwright is not installed (the dev dependency group of pyproject.toml has it)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian package chromium; make test installs it)"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    for item in items:
        if HERE not in Path(str(item.path)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not item.get_closest_marker("django_db"):
            # Has pytest-django create the test database; each test runs in a transaction of
            # the test's own connection (the live server's thread commits on its own).
            item.add_marker(pytest.mark.django_db)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


# Timings of the journeys' steps ------------------------------------------------------------------

TIMINGS = []  # (test, step, seconds)


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    lines = ["| test | step | seconds |", "| --- | --- | ---: |"]
    lines += [f"| {test} | {name} | {seconds:.2f} |" for test, name, seconds in TIMINGS]
    total = sum(seconds for *_, seconds in TIMINGS)
    lines.append(f"| all | {len(TIMINGS)} steps | {total:.2f} |")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "timings.md").write_text(
        "# Browser journeys: time of each step\n\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    terminalreporter.write_sep("-", "browser journeys: time of each step")
    for line in lines:
        terminalreporter.write_line(line)


def folder_name(request):
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")


@pytest.fixture
def step(request):
    name = folder_name(request)

    @contextmanager
    def timed(label):
        started = time.perf_counter()
        try:
            yield
        finally:
            TIMINGS.append((name, label, time.perf_counter() - started))

    return timed


@pytest.fixture
def shot(request):
    folder = SCREENSHOTS / folder_name(request)

    def save(page, name, docs=None):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if docs and os.environ.get("DOCS_SCREENSHOTS") == "1":
            # What the window shows (scroll to the point first): the full pages are too long.
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DOCS_SCREENSHOTS / f"{docs}.png"))
        return path

    return save


# The site: demo data and a live server ----------------------------------------------------------


class Site:
    def __init__(self, server):
        self.server = server

    def url(self, path):
        return self.server.url + path


def is_test_database(connection):
    """Whether pytest-django has switched ``connection`` to its test database (the fixture
    below empties the database when it is done: never a developer's)."""
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(name):
        return True
    return Path(name).name.startswith(TEST_DATABASE_PREFIX)


def reset_sequences(connection, django_apps):
    """Point every table's id sequence past its largest id (PostgreSQL; nothing on SQLite)."""
    from django.core.management.color import no_style

    models = list(django_apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture(scope="package")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.apps import apps as django_apps
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    if not is_test_database(connection):
        raise RuntimeError(f"Not a test database: {connection.settings_dict['NAME']}")
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        # What the migrations stored (reference content...), given back when leaving.
        migrated = connection.creation.serialize_db_to_string()
        # A transactional test that ran before may have emptied the tables the migrations
        # filled (the network's principles and expected results, which the demo refers to).
        reference = import_module("network.migrations.0002_reference_content")
        reference.load_reference_content(django_apps, None)
        call_command("load_demo", verbosity=0)
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()  # ALLOWED_HOSTS gets the server's host
    try:
        yield Site(server)
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(migrated)
            # The rows come back with their ids; the sequences, reset by the flush, must start
            # after them, or the next test's first row collides with id 1.
            reset_sequences(connection, django_apps)
        media.disable()


@pytest.fixture(autouse=True)
def _open_database(request, django_db_blocker):
    """The live server's thread and the test read the same committed rows."""
    request.getfixturevalue("site")
    from django.core.cache import cache

    cache.clear()  # rate limits of the public forms count per address, in the cache
    with django_db_blocker.unblock():
        yield


# The browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    # Playwright's sync API runs an event loop in this thread, which Django's guard against
    # database calls from async code mistakes for an async context: allowed while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox"]
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=DESKTOP, javascript=True):
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, locale="en-GB"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(new_page):
    return new_page(PHONE)


@pytest.fixture
def desktop_page(new_page):
    return new_page(DESKTOP)


@pytest.fixture
def log_in(site):
    def log_in(page, username, lang="fr"):
        page.goto(site.url(f"/{lang}/admin/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("form#login-form [type=submit], #login-form input[type=submit]")
        page.wait_for_load_state()
        assert "/admin/login/" not in page.url, f"{username} could not log in"

    return log_in


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SCRIPT.exists():
        pytest.skip(f"{AXE_SCRIPT.relative_to(ROOT)} is missing: run npm ci (make test does)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    def run(page):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source + "\n;undefined")
        return page.evaluate(
            """async () => {
                const result = await window.axe.run(document, {
                    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                    "best-practice"]},
                });
                return result.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map((n) => ({target: n.target.join(" "),
                                                 summary: n.failureSummary})),
                }));
            }"""
        )

    return run


@pytest.fixture
def wait_for_form_age():
    from consultations.forms import FORM_MIN_FILL_SECONDS

    def wait(served_at):
        remaining = FORM_MIN_FILL_SECONDS + 0.3 - (time.monotonic() - served_at)
        if remaining > 0:
            time.sleep(remaining)

    return wait
