# Newsroom: `make run` serves the demo newsroom; `make test` runs the whole suite.
# Needs only Python 3.11 and make: everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. `make test ARGS="-k linking"`.
ARGS ?=

.PHONY: run test test-tools e2e lint format migrations-check bench install install-dev clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Links in feeds, canonical tags and share links use SITE_URL: unless it is set, it follows the
# address `make run` serves on (0.0.0.0 is reached as 127.0.0.1).
RUN_SITE_URL = $(or $(SITE_URL),http://$(patsubst 0.0.0.0,127.0.0.1,$(HOST)):$(PORT))
RUN_ENV = DJANGO_DEBUG=$${DJANGO_DEBUG:-1} SITE_URL=$(RUN_SITE_URL)

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py send_alerts --schedule
	# The background worker (email alerts, printed to this console) runs beside the server.
	$(RUN_ENV) $(PY) manage.py db_worker & WORKER=$$!; trap "kill $$WORKER" EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite in parallel, then the browser tests (tests/e2e, marker `e2e`) in one process: they
# share one Chromium and one live server. Exit status 5 means "no test selected" (for example
# `make test ARGS="-k linking"` selects no browser test): that is not a failure.
test: install-dev test-tools
	$(PY) -m pytest -n auto --dist loadgroup -m "not e2e" $(ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -m e2e $(ARGS) || [ $$? -eq 5 ]

# What the browser tests need beyond .venv: Debian's Chromium (apt, as root or with
# password-less sudo; otherwise it prints the command to run), Java 17 and vnu.jar (`npm ci`,
# pinned by package-lock.json). Installs only what is missing; `.ci/run` uses this target too.
test-tools:
	@bin/install-test-tools

# Only the browser tests.
e2e: install-dev test-tools
	$(PY) -m pytest -m e2e $(ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports  # dependencies run one way (pyproject.toml [tool.importlinter])
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install-dev
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: install-dev
	$(PY) bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
