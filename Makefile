# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format bench conformance install install-dev assets clean

run: install assets ## Set up everything and start the system on SQLite with demo data
	$(BIN)/python manage.py migrate --noinput
	BOPS_PUBLIC_URL="$${BOPS_PUBLIC_URL:-http://localhost:$(PORT)}" $(BIN)/python manage.py demo_data
	@echo "The 15-minute guided tour is docs/walkthrough.md: it starts at http://southwark.localhost:$(PORT)/sign-in as assessor@southwark.example"
	@echo "Starting the web server on http://southwark.localhost:$(PORT), the background worker and the scheduler (Ctrl-C stops them all)"
	@trap 'kill 0' EXIT INT TERM; \
	  export BOPS_PUBLIC_URL="$${BOPS_PUBLIC_URL:-http://localhost:$(PORT)}"; \
	  $(BIN)/python manage.py db_worker --queue-name '*' & \
	  $(BIN)/python manage.py run_scheduler & \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

test: install-dev assets ## Set up and run the whole test suite (honours DATABASE_URL)
	@./scripts/ensure-chromium
	@# --ds: the test settings, whatever DJANGO_SETTINGS_MODULE the shell has (pytest-django prefers it to the ini).
	$(BIN)/python -m pytest --ds=bops.settings.test

lint: install-dev ## ruff check, ruff format --check, mypy on the services and selectors
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev ## Officers' pages, the public register and its APIs, timed at 100,000 applications
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/register.py

conformance: install-dev ## Every official ODP example posted to a running server and worker (needs ../shared)
	$(BIN)/python conformance/run.py

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Could not make a virtualenv: on Debian or Ubuntu, apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(VENV)/bin/python
	./scripts/ensure-debian-packages
	$(BIN)/pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(VENV)/bin/python
	./scripts/ensure-debian-packages
	$(BIN)/pip install -q -r requirements/dev.txt
	touch $@ $(VENV)/.installed-base

assets: frontend/build/.built

frontend/build/.built: frontend/package.json frontend/package-lock.json frontend/build.mjs $(wildcard frontend/src/*) | $(VENV)/bin/python
	@nodebin=$$(./scripts/node-bin $(VENV)) && export PATH="$$nodebin:$$PATH" && \
	  cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build
	touch $@

clean:
	rm -rf $(VENV) frontend/node_modules frontend/build staticfiles .pytest_cache .mypy_cache .ruff_cache
