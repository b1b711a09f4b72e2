# ctouvertes: one entry point for a developer's machine and for CI (.ci/run).
#   make run     install, migrate, load the demo data, serve on http://127.0.0.1:8000
#   make test    install, then pytest (PYTEST_ARGS passed through; DATABASE_URL picks PostgreSQL)
#   make lint | check | messages | messages-check | bench
#   make backup | restore BACKUP=var/backups/<file> [YES=1]   database + media (docs/personal-data.md)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Python 3.11 (pyproject: >=3.11,<3.12); override with `make PYTHON=/path/to/python3.11 ...`.
# The real interpreter, not a pyenv shim: uv recreates .venv whenever the path it is given
# differs from the one the venv was made with.
PYTHON ?= $(shell "$$(command -v python3.11 || command -v python3)" -c 'import sys; print(sys.executable)')
UV_VERSION := 0.13.8
UV := .uv/bin/uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export DEBIAN_FRONTEND := noninteractive

# Debian packages: Pango and HarfBuzz for WeasyPrint (PDF sheets), Arabic and Tifinagh fonts,
# gettext for the catalogues, poppler-utils for reading PDFs back in tests.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
	fonts-hosny-amiri gettext poppler-utils
# Only for `make test`: the browser that tests/browser drives.
BROWSER_DEBIAN_PACKAGES := chromium
# Directories that makemessages/compilemessages must not walk into.
I18N_IGNORE := --ignore=.venv --ignore=.uv --ignore=.git --ignore=staticfiles --ignore=media \
	--ignore=var --ignore=node_modules
LANGUAGES := ar fr zgh

.PHONY: help install system-packages browser-test-deps uv venv compilemessages run test lint check messages \
	messages-check bench backup restore

help:
	@sed -n '2,5p' Makefile

install: system-packages uv venv compilemessages

# Installs, through apt, those of the Debian packages given as $(1) that are not installed yet.
define apt_install_missing
	@if ! command -v dpkg >/dev/null; then \
		echo "install: not a Debian system, skipping: $(1)"; exit 0; \
	fi; \
	missing=""; \
	for package in $(1); do \
		status=$$(dpkg -s "$$package" 2>/dev/null | sed -n 's/^Status: //p' || true); \
		[ "$$status" = "install ok installed" ] || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "install: missing Debian packages:$$missing (no root, no sudo)" >&2; exit 1; fi; \
	echo "install: Debian packages:$$missing"; \
	$$sudo apt-get update -qq; \
	$$sudo apt-get install -y -qq --no-install-recommends $$missing
endef

system-packages:
	$(call apt_install_missing,$(DEBIAN_PACKAGES))

# The browser tests (tests/browser, marker `browser`): Debian's chromium, driven by Playwright
# (never Playwright's own browser builds), and axe-core from npm (package-lock.json) for the
# accessibility checks. npm comes with Debian's `npm` only where no Node.js with npm is present.
browser-test-deps:
	$(call apt_install_missing,$(BROWSER_DEBIAN_PACKAGES) $$(command -v npm >/dev/null || echo npm))
	@locked=$$(node -p "require('./package-lock.json').packages['node_modules/axe-core'].version"); \
	installed=$$(node -p "require('./node_modules/axe-core/package.json').version" 2>/dev/null || true); \
	if [ "$$installed" != "$$locked" ]; then \
		echo "install: axe-core $$locked (npm ci)"; \
		npm ci --no-audit --no-fund --loglevel=error; \
	fi

uv:
	@if [ "$$($(UV) --version 2>/dev/null | cut -d' ' -f2)" != "$(UV_VERSION)" ]; then \
		echo "install: uv $(UV_VERSION) into .uv/"; \
		[ -x .uv/bin/pip ] || $(PYTHON) -m venv .uv; \
		.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); \
	fi

venv: uv
	@$(UV) sync --locked --quiet --python "$(PYTHON)"

compilemessages: venv
	@$(MANAGE) compilemessages $(I18N_IGNORE) --verbosity=0
	@mkdir -p var  # the default SQLite database lives in var/

run: install
	$(MANAGE) migrate --noinput
	DEMO_BASE_URL=http://$(HOST):$(PORT) $(MANAGE) load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	DEBUG=$${DEBUG:-1} $(MANAGE) runserver $(HOST):$(PORT)

test: install browser-test-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: venv
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

# Refresh the catalogues from the source, then compile them. Obsolete entries are dropped;
# new strings start untranslated (no fuzzy guesses: see scripts/makemessages.py).
messages: venv
	$(VENV)/bin/python scripts/makemessages.py $(addprefix --locale=,$(LANGUAGES)) --no-location \
		--no-obsolete $(I18N_IGNORE)
	$(MANAGE) compilemessages $(I18N_IGNORE)

# CI: every catalogue compiles, and none has a fuzzy (unchecked) or obsolete entry.
messages-check: venv
	$(MANAGE) compilemessages $(I18N_IGNORE) --verbosity=0
	@status=0; \
	for po in locale/*/LC_MESSAGES/*.po; do \
		fuzzy=$$(msgattrib --only-fuzzy --no-obsolete "$$po" | grep -c '^msgid ' || true); \
		obsolete=$$(grep -c '^#~ msgid ' "$$po" || true); \
		if [ "$$fuzzy" != 0 ] || [ "$$obsolete" != 0 ]; then \
			echo "$$po: $$fuzzy fuzzy, $$obsolete obsolete entries (run make messages, review)"; \
			status=1; \
		fi; \
	done; \
	exit $$status

bench: install
	$(MANAGE) migrate --noinput --verbosity=0
	@if [ -f benchmarks/__init__.py ]; then $(VENV)/bin/python -m benchmarks; \
	else echo "bench: no benchmarks/ package"; fi

# Database (pg_dump, or SQLite's online backup) and media into var/backups/ (docs/personal-data.md).
backup: venv
	$(MANAGE) backup

# make restore BACKUP=var/backups/ctouvertes-<timestamp>.dump (or .sqlite3); YES=1 (exactly 1:
# YES=0 or YES=no do not) replaces a database that holds members. Then migrate, for a backup
# made by an older version.
restore: venv
	@if [ -z "$(BACKUP)" ]; then \
		echo "restore: give the file, e.g. make restore BACKUP=var/backups/ctouvertes-<timestamp>.dump" >&2; \
		ls -1 var/backups 2>/dev/null | grep -v -- '-media.tar$$' | sed 's|^|  var/backups/|' >&2 || true; \
		exit 2; \
	fi
	$(MANAGE) restore "$(BACKUP)" $(if $(filter 1,$(YES)),--yes)
	$(MANAGE) migrate --noinput
