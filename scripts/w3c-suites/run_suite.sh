#!/bin/bash
# Run one suite (a directory prepared as docs/conformance.md says, with localConfig.cjs in it)
# against the server started by fresh_server.sh; the JSON report goes to RUN_DIR/NAME.json and
# its stats are printed. Extra VAR=value arguments go to the suite (SUITE_TAGS, EDDSA_BOTH,
# ISSUER_OPTIONS).
#   scripts/w3c-suites/run_suite.sh RUN_DIR SUITE_DIR NAME VAR=value...
set -uo pipefail
run=$(realpath "$1"); suite=$2; name=$3; shift 3
cd "$suite" || exit 1
MICROCRED_VC_API_TOKEN=$(cat "$run/token") NODE_TLS_REJECT_UNAUTHORIZED=0 env "$@" \
  npx mocha tests/ --reporter json --reporter-option "output=$run/$name.json" --timeout 15000 \
  --preserve-symlinks > "$run/$name.out" 2>&1
node -e "const r=require(process.argv[1]); console.log(process.argv[2], JSON.stringify(r.stats));
for (const f of r.failures) console.log('  failed:', f.fullTitle)" "$run/$name.json" "$name"
