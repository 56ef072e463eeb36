#!/usr/bin/env bash
# X-API: a property-based fuzz run of the REST API against its served OpenAPI document
# (Schemathesis): no 5xx, no response outside the documented schema or content type, no panic in
# the server log. Bounded: a fixed number of examples per operation, a fixed seed, a time limit.
# Runs the debug server built by `cargo leptos build` on a fresh SQLite database with the demo data.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

port="${FUZZ_PORT:-3300}"
base="http://127.0.0.1:$port"
work=$(mktemp -d)
log="${FUZZ_SERVER_LOG:-$work/server.log}"
st=target/fuzz-venv/bin/st
[ -x "$st" ] || fail "Schemathesis is missing: run bash .ci/setup.sh --browser"
[ -x target/debug/server ] || fail "target/debug/server is missing: run cargo leptos build --split"

DATABASE_URL="sqlite://$work/fuzz.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  COSELL_API_RATE=1000000 COSELL_MAIL_DIR="$work/mail" RUST_LOG=info target/debug/server > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$base/sign-in" 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null "$base/sign-in" || { tail -n 20 "$log"; fail "the server did not start"; }

# A token of the demo's Fabrikam referrals admin, made as a user makes one (Settings → API tokens).
jar="$work/cookies"
curl -sS -o /dev/null -c "$jar" -H 'Accept: application/json' \
  --data-urlencode "email=referrals@fabrikam.example" --data-urlencode "password=${COSELL_DEMO_PASSWORD:-cosell-demo}" \
  "$base/api/session/sign-in"
token=$(curl -sS -b "$jar" -H 'Accept: application/json' --data-urlencode "name=fuzz" "$base/api/tokens/create" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])') || fail "could not create an API token"

timeout "${FUZZ_SECONDS:-600}" "$st" run "$base/v1.0/openapi.json" \
  -H "Authorization: Bearer $token" \
  -c not_a_server_error,response_schema_conformance,content_type_conformance \
  --max-examples "${FUZZ_EXAMPLES:-150}" --seed 20261127 --phases examples,coverage,fuzzing --no-color
rc=$?
if grep -q 'panicked' "$log"; then
  printf '\nThe server panicked during the fuzz run:\n'
  grep -A3 'panicked' "$log" | head -n 40
  rc=1
fi
exit $rc
