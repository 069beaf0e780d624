# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# Every transitive dependency, pinned with its hashes (ADR 1203); `make lock` writes it.
LOCK := requirements/lock.txt
UV_VERSION := $(shell sed -n 's/^ *"uv==\([^"]*\)".*/\1/p' pyproject.toml | head -1)
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install lock chromium demo serve runserver migrate messages test test-fast lint types bench clean screenshots

help:
	@echo "make demo   - install, migrate SQLite, load the demo consortium, serve on http://$(HOST):$(PORT)"
	@echo "make test   - the whole test suite (SQLite, then PostgreSQL when reachable)"
	@echo "make bench  - benchmarks (ratios against a baseline measured in the same run)"
	@echo "make serve  - the production server (gunicorn, deploy/gunicorn.conf.py) on $(HOST):$(PORT)"
	@echo "make lock   - write $(LOCK) again from pyproject.toml (after changing a dependency)"

# The locked set first, every file checked against its hash; then the project itself, which pip's
# hash mode cannot take, without dependencies (they are all in the lock).
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.0.1" 2>/dev/null || $(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK) 2>&1 | grep -v "is ignored: it is neither"; \
	  test $${PIPESTATUS[0]} -eq 0
	$(PY) -m pip install --quiet --no-deps -e . 2>&1 | grep -v "is ignored: it is neither" || true
	@$(PY) -c "import microcred, django"
	@touch $(STAMP)

# Resolve `microcred[web,dev,…]` (all extras) for CPython 3.11 on Linux x86_64 and write every
# transitive dependency with the hashes of its files. uv comes from the dev extra, or is installed
# at its pinned version into the venv when there is none yet.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	@mkdir -p $(dir $(LOCK))
	$(BIN)/uv pip compile pyproject.toml --all-extras --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --quiet \
	  --custom-compile-command "make lock" --output-file $(LOCK)

install: $(STAMP) messages chromium

# The browser tests drive Debian's Chromium (playwright downloads no browser) and the PDF tests read
# pages with poppler's pdftotext and pdftoppm: on a fresh CI
# machine running as root, install it; elsewhere the test says why it is skipped.
chromium:
	@if { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; } && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils) \
	    >/dev/null 2>&1 || echo "chromium could not be installed; the browser test will be skipped"; fi

messages: $(STAMP)
	@if ls src/microcred_web/locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages -v 0 --ignore=.venv; fi

migrate: install
	$(PY) manage.py migrate --no-input -v 0

# Links in the demo (DIDs, status lists, shared credential pages) follow the port it serves on,
# unless MICROCRED_PUBLIC_BASE_URL is set already.
demo serve: export MICROCRED_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

# Loading the demo issues and unlocks many keys at once: its security-log lines (one per event,
# docs/security.md) would bury the accounts printed at the end, so loading logs warnings only;
# the server then logs every event.
demo: export MICROCRED_SECURITY_LOG_LEVEL ?= WARNING
demo: migrate
	$(PY) manage.py load_demo > /dev/null
	$(PY) manage.py demo_credentials
	$(PY) manage.py demo_pilot
	$(PY) manage.py demo_recognition
	$(PY) manage.py demo_employers
	@# load_demo is idempotent; run again so the demo accounts are the last thing printed.
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/register/  (Ctrl-C to stop)"
	@# The demo runs on the production server with its own settings (ADR 1201): what you try is what is deployed.
	@# One queue worker runs beside it, so a bulk issue started in the demo progresses (ADR 1101); it
	@# stops with the server (Ctrl-C reaches both; the trap covers the server ending alone).
	@export DJANGO_SETTINGS_MODULE=microcred_web.config.settings.dev MICROCRED_SECURITY_LOG_LEVEL=INFO; \
	  $(PY) manage.py bulk_resume --older-than 0 > /dev/null; \
	  $(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; \
	  WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} $(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT) \
	  microcred_web.config.wsgi:application

# The production server (README "Deployment"): settings from DJANGO_SETTINGS_MODULE, by default
# the production ones (microcred_web.config.wsgi), which need DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS; static files collected for WhiteNoise first.
serve: export DJANGO_SETTINGS_MODULE ?= microcred_web.config.settings.prod
serve: migrate
	$(PY) manage.py collectstatic --no-input -v 0
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT) microcred_web.config.wsgi:application

# Django's development server, reloading on every change (for developing, never for serving).
runserver: migrate
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

# One run on SQLite (all tests), then the database tests again on PostgreSQL when it answers.
test: install lint types
	@if [ -f tests/reference_js/package-lock.json ] && command -v npm >/dev/null; then \
	  (cd tests/reference_js && npm ci --no-audit --no-fund --loglevel=error >/dev/null); fi
	$(BIN)/pytest -n 2 --dist loadgroup
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL reachable: running the database tests against it"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -m db || test $$? -eq 5; \
	else echo "PostgreSQL not reachable: database tests ran on SQLite only"; fi

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -x

# PyLD, the baseline, comes with the dev extra that `install` already brings (also the `bench` extra).
# The core's benchmark (no Django) and the platform's (bulk issuing on SQLite and, where it answers,
# PostgreSQL with RQ on Redis; the verify API on gunicorn), merged into one JSON file.
# BENCH_ARGS="--sizes 1000,10000 --postgresql-sizes 10000" for a shorter run.
BENCH_OUT ?= var/bench.json
BENCH_ARGS ?=
bench: install
	@mkdir -p $(dir $(BENCH_OUT))
	$(BIN)/microcred bench --json > $(BENCH_OUT).core
	$(PY) manage.py bench --json --postgresql $(PG_URL) --core $(BENCH_OUT).core $(BENCH_ARGS) > $(BENCH_OUT)
	@rm -f $(BENCH_OUT).core
	@echo "Benchmark report: $(BENCH_OUT)"

screenshots: migrate
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .mypy_cache .ruff_cache
