# Integra: `make run` serves the system with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_BIN := /usr/lib/postgresql/15/bin
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=$(CURDIR)

.PHONY: run test install install-dev frontend messages translations system-test-deps \
	lint types contracts migrations-check openapi openapi-check \
	test-sqlite test-postgres test-e2e bench bench-plans bench-courses bench-protection \
	bench-monitoring clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed frontend messages
install-dev: $(VENV)/.installed-dev frontend messages
frontend: node_modules/.installed

# Compile the committed .po files (Babel: no system gettext needed).
messages: $(VENV)/.installed
	$(BIN)/pybabel compile --domain=django --directory=integra/locale --statistics 2>&1 | tail -n 5

# For developers changing strings: extract, then translate the .po files.
translations: $(VENV)/.installed-dev
	cd integra && $(TEST_ENV) ../$(BIN)/django-admin makemessages \
		--locale=ro --locale=ru --locale=uk --locale=ar --no-obsolete --no-location \
		--ignore='*/migrations/*'

run: install
	DEBUG=$${DEBUG:-true} $(BIN)/integra migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/integra collectstatic --noinput --verbosity 0
	DEBUG=$${DEBUG:-true} $(BIN)/integra demo
	@echo
	@echo "Sign in at http://$(HOST):$(PORT)/ with a demo user above."
	@echo "Two-step code for a demo user: $(BIN)/integra totp USERNAME (in another terminal)."
	DEBUG=$${DEBUG:-true} $(BIN)/integra serve --host $(HOST) --port $(PORT)

# System packages the full test suite needs: PostgreSQL 15, Chromium and GNU gettext
# (the translation test extracts strings afresh), all from Debian.
system-test-deps:
	@need=""; \
	[ -x $(PG_BIN)/initdb ] || need="$$need postgresql-15"; \
	[ -x $(CHROMIUM) ] || need="$$need chromium"; \
	command -v xgettext >/dev/null || need="$$need gettext"; \
	if [ -n "$$need" ]; then \
		echo "Installing$$need from the Debian packages"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$need; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/mypy

contracts: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache

migrations-check: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/integra makemigrations --check --dry-run

openapi: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/integra openapi --output docs/openapi.json
	$(BIN)/python scripts/api_reference.py

openapi-check: $(VENV)/.installed-dev
	$(TEST_ENV) $(BIN)/integra openapi --check docs/openapi.json
	$(BIN)/python scripts/api_reference.py --check

test-sqlite: install-dev
	$(TEST_ENV) $(BIN)/pytest -m "not e2e" -n 2

test-postgres: install-dev system-test-deps
	$(TEST_ENV) $(BIN)/python scripts/throwaway_postgres.py -- $(BIN)/pytest -m "not e2e" -n 2

test-e2e: install-dev system-test-deps
	$(TEST_ENV) $(BIN)/pytest -m e2e tests/e2e

test: install-dev system-test-deps lint types contracts migrations-check openapi-check \
	test-sqlite test-postgres test-e2e
	@echo "All checks passed."

bench: install-dev
	$(BIN)/python bench/http.py

# Issue 4's caseload and nightly-alert benchmark: 200,000 plans on a throwaway PostgreSQL.
bench-plans: install-dev system-test-deps
	$(TEST_ENV) $(BIN)/python scripts/throwaway_postgres.py -- $(BIN)/python bench/plans.py

# Issue 5's register (a class of 25) and results-import (50,000 rows) benchmark, on a
# throwaway PostgreSQL; `.venv/bin/python bench/courses.py` runs it on SQLite.
bench-courses: install-dev system-test-deps
	$(TEST_ENV) $(BIN)/python scripts/throwaway_postgres.py -- $(BIN)/python bench/courses.py

# Issue 6's risk list (100,000 workplaces) and complaints-with-evidence benchmark, on a
# throwaway PostgreSQL; `.venv/bin/python bench/protection.py` runs it on SQLite.
bench-protection: install-dev system-test-deps
	$(TEST_ENV) $(BIN)/python scripts/throwaway_postgres.py -- $(BIN)/python bench/protection.py

# Issue 7's summary-table refresh and dashboard benchmark (1,000,000 persons, 5,000,000
# events) on a throwaway PostgreSQL; `.venv/bin/python bench/monitoring.py --persons 20000`
# runs a small one on SQLite.
bench-monitoring: install-dev system-test-deps
	$(TEST_ENV) $(BIN)/python scripts/throwaway_postgres.py -- $(BIN)/python bench/monitoring.py

clean:
	rm -rf $(VENV) node_modules var/static var/test
