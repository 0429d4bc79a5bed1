# Newsroom: `make run` serves the demo newsroom; `make test` runs the whole suite.
# Needs only Python 3.11 and make: everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. `make test ARGS="-k linking"`.
ARGS ?=

.PHONY: run test e2e test-fast lint format migrations-check bench install install-dev clean

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

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The suite in parallel, then the browser tests (tests/e2e, marker `e2e`) in one process: they
# share one Chromium and one live server. Exit status 5 means "no test selected" (for example
# `make test ARGS="-k linking"` selects no browser test): that is not a failure.
test: install-dev
	$(PY) -m pytest -n auto --dist loadgroup -m "not e2e" $(ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -m e2e $(ARGS) || [ $$? -eq 5 ]

# Only the browser tests. They need /usr/bin/chromium, Java 17 and node_modules/vnu-jar, which
# `.ci/run` installs; without them they fail and say what to install.
e2e: install-dev
	$(PY) -m pytest -m e2e $(ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
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
