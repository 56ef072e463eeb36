#!/usr/bin/env bash
# Every test: unit and integration (each integration test on SQLite and on PostgreSQL) with nextest,
# then the browser tests (Playwright + Chromium) against a debug build, then a bounded fuzz run of
# the REST API against its OpenAPI document (Schemathesis). Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
start=$(date +%s)
log=$(mktemp -d)

pg_url="${COSELL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
step "Checking PostgreSQL at $pg_url"
if command -v psql >/dev/null && psql "$pg_url" -Atc "select 1" >/dev/null 2>&1; then
  # Databases left behind by an interrupted run.
  for db in $(psql "$pg_url" -Atc "select datname from pg_database where datname like 'cosell_test_%'"); do
    psql "$pg_url" -qc "drop database if exists \"$db\" with (force)" >/dev/null
  done
  note "reachable"
else
  note "NOT reachable: the PostgreSQL half of the integration tests will fail (they are never skipped)."
fi

step "Unit and integration tests (cargo nextest; SQLite and PostgreSQL)"
cargo nextest run --workspace --exclude frontend --no-fail-fast 2>&1 | tee "$log/nextest.txt"
nextest_rc=${PIPESTATUS[0]}

step "Building the site for the browser tests (cargo leptos build --split)"
cargo leptos build --split 2>&1 | tail -n 5
build_rc=${PIPESTATUS[0]}

e2e_rc=1
export E2E_SERVER_LOG="$log/e2e-server.log"
if [ "$build_rc" = 0 ]; then
  step "Browser tests (Playwright driving Chromium)"
  (cd end2end && npx playwright test) 2>&1 | grep -v 'Unknown user config' | tee "$log/e2e.txt"
  e2e_rc=${PIPESTATUS[0]}
  # A panic in the server is a failure even when every browser test passed.
  if grep -q 'panicked' "$E2E_SERVER_LOG" 2>/dev/null; then
    printf '\nThe server panicked during the browser tests:\n'
    grep -A3 'panicked' "$E2E_SERVER_LOG" | head -n 40
    e2e_rc=1
  fi
fi

fuzz_rc=1
if [ "$build_rc" = 0 ]; then
  step "REST API fuzz run (Schemathesis against /v1.0/openapi.json)"
  bash .ci/fuzz.sh 2>&1 | tee "$log/fuzz.txt"
  fuzz_rc=${PIPESTATUS[0]}
fi

count() { grep -oE "$1" "$2" 2>/dev/null | tail -n 1 | grep -oE '^[0-9]+' || echo 0; }
unit_pass=$(grep -oE '[0-9]+ passed' "$log/nextest.txt" | tail -n 1 | grep -oE '^[0-9]+' || echo 0)
unit_fail=$(grep -oE '[0-9]+ failed' "$log/nextest.txt" | tail -n 1 | grep -oE '^[0-9]+' || echo 0)
e2e_pass=$(count '[0-9]+ passed' "$log/e2e.txt")
e2e_fail=$(count '[0-9]+ failed' "$log/e2e.txt")
[ "$nextest_rc" != 0 ] && [ "$unit_fail" = 0 ] && unit_fail=1
[ "$e2e_rc" != 0 ] && [ "$e2e_fail" = 0 ] && e2e_fail=1
fuzz_fail=0
[ "$fuzz_rc" != 0 ] && fuzz_fail=1
passed=$((unit_pass + e2e_pass + 1 - fuzz_fail))
failed=$((unit_fail + e2e_fail + fuzz_fail))
echo
note "nextest: $unit_pass passed, $unit_fail failed · browser: $e2e_pass passed, $e2e_fail failed · API fuzz: $([ "$fuzz_fail" = 0 ] && echo passed || echo FAILED) · $(( $(date +%s) - start ))s"
echo "summary: $passed passed, $failed failed"
[ "$failed" = 0 ]
