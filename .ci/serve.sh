#!/usr/bin/env bash
# Builds the release site and serves it with SQLite and demo data on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

step "Building the release (first time: several minutes on 2 cores)"
cargo leptos build --release --precompress --split

step "Starting Co-sell"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/cosell.db}"
note "database: $DATABASE_URL"
exec target/release/server
