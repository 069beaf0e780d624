#!/bin/bash
# A fresh throw-away SQLite database, keys, demo data and VC-API token in RUN_DIR, and the HTTPS
# server on 127.0.0.1:18443 in the background (its pid in RUN_DIR/server.pid; stop it with
# `kill "$(cat RUN_DIR/server.pid)"`). Run from the repository root; see docs/conformance.md.
# A fresh database per VCDM 2.0 run: that suite issues a fixed credential id, refused (409) the
# second time on the same database.
#   scripts/w3c-suites/fresh_server.sh RUN_DIR CERT KEY
set -euo pipefail
run=$(realpath -m "$1"); cert=$(realpath "$2"); key=$(realpath "$3")
mkdir -p "$run"
export MICROCRED_PUBLIC_BASE_URL=https://127.0.0.1:18443
export DATABASE_URL="sqlite:///$run/run.sqlite3" MICROCRED_KEY_DIR="$run/keys"
.venv/bin/python manage.py migrate --no-input > "$run/migrate.log"
.venv/bin/python manage.py load_demo > "$run/load_demo.log"
.venv/bin/python manage.py demo_credentials --api-token muni > "$run/demo_credentials.log"
grep -o 'mcvc_[A-Za-z0-9_-]*' "$run/demo_credentials.log" > "$run/token"
PYTHONPATH=src TLS_CERT="$cert" TLS_KEY="$key" ACCESS_LOG="$run/access.log" \
  nohup .venv/bin/python scripts/w3c-suites/serve_https.py 18443 > "$run/server.log" 2>&1 &
echo $! > "$run/server.pid"
sleep 4
cat "$run/server.log"
