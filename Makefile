# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install chromium demo serve migrate messages test test-fast lint types bench clean screenshots

help:
	@echo "make demo   - install, migrate SQLite, load the demo consortium, serve on http://$(HOST):$(PORT)"
	@echo "make test   - the whole test suite (SQLite, then PostgreSQL when reachable)"
	@echo "make bench  - benchmarks (ratios against a baseline measured in the same run)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.0.1" 2>/dev/null || $(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' 2>&1 | grep -v "is ignored: it is neither" || true
	@$(PY) -c "import microcred, django"
	@touch $(STAMP)

install: $(STAMP) messages chromium

# The browser test drives Debian's Chromium (playwright downloads no browser): on a fresh CI
# machine running as root, install it; elsewhere the test says why it is skipped.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) \
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
	$(PY) manage.py demo_recognition
	@# load_demo is idempotent; run again so the demo accounts are the last thing printed.
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/register/  (Ctrl-C to stop)"
	MICROCRED_SECURITY_LOG_LEVEL=INFO $(PY) manage.py runserver $(HOST):$(PORT)

serve: migrate
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
