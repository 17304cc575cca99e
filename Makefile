# Doorstep: `make serve` runs the app on the embedded demo office; `make test` runs every test.
# Both first install whatever is missing (scripts/install-tools.sh), so they work on a fresh machine.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Builds are kept outside the checkout, so a new clone on the same machine starts warm.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/doorstep/target
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER ?= wasm-bindgen-test-runner
# Panic locations name crates.io's sources without this machine's path to them, wherever its
# CARGO_HOME is (.cargo/config.toml can only name one): the wasm is then the same byte for byte on
# every machine, and the byte gate measures what CI measures. Cargo appends these to the config's.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS ?= --remap-path-prefix=$(or $(CARGO_HOME),$(HOME)/.cargo)/registry/src/index.crates.io-1949cf8c6b5b557f/=

.PHONY: setup serve build test test-contract test-host test-browser test-e2e conformance bench chaos

setup:
	@scripts/install-tools.sh

## Serve the app with the embedded demo backend on http://127.0.0.1:8080
serve: setup
	trunk serve

## Release build into dist/
build: setup
	trunk build --release

## Every test: host unit tests, components in headless Chromium, end-to-end on the release build.
test: setup
	@$(MAKE) --no-print-directory test-contract
	@$(MAKE) --no-print-directory test-host
	@$(MAKE) --no-print-directory test-browser
	@$(MAKE) --no-print-directory test-e2e

## The REST contract: docs/openapi.yaml validated and linted, the unit tests of scripts/ (csp.mjs),
## and the conformance kit against the reference backend and against backends broken on purpose.
test-contract:
	node scripts/check-openapi.mjs
	node --test tests/unit/ tests/conformance/

## Checks an office's server against the REST contract, one line per rule:
##   make conformance BASE_URL=https://api.street.example/v1 [OFFICE_HOOK=URL] [ORIGIN=URL]
conformance:
	@scripts/install-tools.sh npm
	@test -n "$(BASE_URL)" || { echo 'usage: make conformance BASE_URL=https://api.street.example/v1 [OFFICE_HOOK=URL] [ORIGIN=URL]' >&2; exit 2; }
	node tests/conformance/run.mjs --base-url '$(BASE_URL)' $(if $(OFFICE_HOOK),--office-hook '$(OFFICE_HOOK)') $(if $(ORIGIN),--origin '$(ORIGIN)')

test-host:
	cargo test --lib

# Without WASM splitting (the test runner serves one module), in a target directory of its own so
# the app's build is not redone.
test-browser:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg doorstep_unsplit" \
	  CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/unsplit cargo test --target wasm32-unknown-unknown --test web

# A second, different build (target/dist-b) is what the deployment tests put in place under open
# pages; it is built after the byte gate, into a directory of its own.
test-e2e:
	trunk build --release
	node tests/first-load.mjs
	DOORSTEP_VARIANT=b trunk build --release --dist target/dist-b
	node --test --test-concurrency=2 tests/e2e/

## The chaos run at length: 500 requests per backend on new seeded random schedules (CHAOS_SEED=…
## replays one; CHAOS_REQUESTS=… changes the number). make test runs 60 per backend on fixed seeds.
chaos: setup
	trunk build --release
	DOORSTEP_VARIANT=b trunk build --release --dist target/dist-b
	CHAOS_RANDOM=1 CHAOS_REQUESTS=$${CHAOS_REQUESTS:-500} node --test --test-concurrency=1 tests/e2e/chaos-*.test.mjs

## How fast on a cheap phone on a weak network, against the floor (not part of make test).
bench: setup
	trunk build --release
	node tests/bench/load.mjs
