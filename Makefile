# Co-sell. Two commands:
#   make run    install what is missing, build, and serve the demo on http://127.0.0.1:3000
#   make test   install what is missing and run every test (unit, SQLite, PostgreSQL, browser)
SHELL := /bin/bash
.DEFAULT_GOAL := help

# cargo-leptos sets this while building; setting it for every cargo command keeps one build cache.
export LEPTOS_OUTPUT_NAME := cosell

DEALS ?= 100000
CUSTOMERS ?= 1000000
DATABASE_URL ?= sqlite://data/cosell.db

.PHONY: help run test setup dev data bench
help:
	@echo "make run   - build and serve the demo on http://127.0.0.1:3000 (SQLite, demo data)"
	@echo "make test  - run every test: unit, integration on SQLite and PostgreSQL, browser"
	@echo "make dev   - rebuild and restart on change (cargo leptos watch --split)"
	@echo "make data  - add volume data: DEALS=100000 CUSTOMERS=1000000 DATABASE_URL=sqlite://data/cosell.db"
	@echo "make bench - release build at volume under wrk, both engines; prints the table (docs/benchmarks.md)"

run:
	@bash .ci/setup.sh
	@bash .ci/serve.sh

test:
	@bash .ci/setup.sh --browser
	@bash .ci/test.sh

setup:
	@bash .ci/setup.sh --browser

dev:
	@bash .ci/setup.sh
	cargo leptos watch --split

data:
	@bash .ci/setup.sh
	cargo build --release -p server
	mkdir -p data
	DATABASE_URL="$(DATABASE_URL)" target/release/server generate --deals $(DEALS) --customers $(CUSTOMERS)

bench:
	@bash .ci/setup.sh --bench
	cargo leptos build --release --precompress --split
	BENCH_DEALS=$(DEALS) BENCH_CUSTOMERS=$(CUSTOMERS) python3 .ci/bench.py
