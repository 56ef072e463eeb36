#!/usr/bin/env bash
# Installs what is missing; every step skips itself when already done. `--browser` adds what the
# browser tests need (Chromium from Debian, Playwright from npm) and the API fuzzer (Schemathesis
# from PyPI); `--bench` adds the load generator
# the numbers in docs/benchmarks.md were taken with (wrk, from Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
browser=false
bench=false
[ "${1:-}" = "--browser" ] && browser=true
[ "${1:-}" = "--bench" ] && bench=true

step "Checking the toolchain"
command -v cargo >/dev/null || fail "cargo is missing: install Rust with rustup (https://rustup.rs) and run this again."
note "$(rustc --version)"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# lettre's TLS for SMTP (native-tls) links the system's OpenSSL.
if ! pkg-config --exists openssl 2>/dev/null; then
  step "Installing OpenSSL headers and pkg-config from Debian (for SMTP over TLS)"
  as_root apt-get update
  as_root apt-get install -y libssl-dev pkg-config
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "0.3.10" ]; then
  step "Installing cargo-leptos 0.3.10 (about 11 minutes on 2 cores, once)"
  cargo install cargo-leptos@0.3.10 --locked --features no_downloads
fi

bindgen=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen" ]; then
  step "Installing wasm-bindgen-cli $bindgen (a few minutes, once)"
  # Not --locked: one of its locked dependencies is newer than the registry serves here.
  cargo install wasm-bindgen-cli --version "$bindgen" --force
fi

if ! command -v wasm-opt >/dev/null; then
  step "Installing wasm-opt (binaryen, from npm)"
  command -v npm >/dev/null || fail "npm is missing: install Node.js 20 or newer."
  npm install -g binaryen
fi

if ! command -v cargo-nextest >/dev/null; then
  step "Installing cargo-nextest (once)"
  cargo install cargo-nextest --locked
fi

if $browser; then
  if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
    step "Installing Chromium from Debian"
    as_root apt-get update
    as_root apt-get install -y chromium
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    step "Installing Playwright (npm ci, the browser is Debian's)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  if [ ! -x target/fuzz-venv/bin/st ]; then
    step "Installing Schemathesis (the REST API fuzzer, from PyPI, into target/fuzz-venv)"
    python3 -m venv target/fuzz-venv
    target/fuzz-venv/bin/pip install --quiet --disable-pip-version-check 'schemathesis>=4.32,<5'
  fi
fi
if $bench && ! command -v wrk >/dev/null; then
  step "Installing wrk (load generator) from Debian"
  as_root apt-get update
  as_root apt-get install -y wrk
fi
note "tools ready"
