# Shugen: `make run` and `make test` are the whole set-up (README).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never
# cargo-leptos compiles with this set; the same value everywhere means one build, not two.
export LEPTOS_OUTPUT_NAME := shugen
# Playwright drives Debian's /usr/bin/chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: setup run build release test lint unit integration faults load e2e bench clean

setup:
	@scripts/setup.sh

# Type-erased views make the release WASM about a sixth smaller (cargo-leptos does this for
# debug builds by itself; the test build turns it off to share artifacts with cargo test).
release: setup
	RUSTFLAGS="--cfg erase_components" cargo leptos build --release --split
	node scripts/check-split.mjs target/site/pkg
	node scripts/precompress.mjs target/site/pkg

# A release build on 127.0.0.1:3000 with SQLite at data/shugen.db, demo data when empty.
run: release
	mkdir -p data
	target/release/shugen demo --if-empty
	SHUGEN_PUBLIC_ORIGIN="$${SHUGEN_PUBLIC_ORIGIN:-http://127.0.0.1:3000}" target/release/shugen serve

# The test suite uses one (debug) build for everything: no second profile to compile.
build: setup
	cargo leptos build --split
	node scripts/check-split.mjs target/site/pkg

lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features ssr -- -D warnings
	cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit: setup
	cargo test -p app --lib --features ssr

# The whole suite on both backends: SQLite files, then PostgreSQL (a throwaway cluster the
# tests start themselves, integration/src/postgres.rs), with deploy/'s nginx in front of two
# servers.
integration: build
	SHUGEN_BIN=$(CURDIR)/target/debug/shugen cargo test -p integration --test api -- --show-output
	SHUGEN_TEST_BACKEND=postgres SHUGEN_BIN=$(CURDIR)/target/debug/shugen \
	  cargo test -p integration --test api --test deploy

# Fault injection: 10,000 records through SIGKILLs, dropped answers, two tabs and skewed
# clocks arrive exactly once (integration/tests/faults); two real tabs on one draft (@faults).
# One server on SQLite, then two servers on one PostgreSQL database behind the proxy.
faults: build
	SHUGEN_BIN=$(CURDIR)/target/debug/shugen cargo test -p integration --test faults -- --nocapture
	SHUGEN_TEST_BACKEND=postgres SHUGEN_BIN=$(CURDIR)/target/debug/shugen \
	  cargo test -p integration --test faults -- --nocapture
	cd end2end && SHUGEN_BIN=$(CURDIR)/target/debug/shugen playwright test --grep @faults

# 200 phones syncing for 60 s while villagers open cards: no errors; p50/p99 printed.
load: build
	SHUGEN_BIN=$(CURDIR)/target/debug/shugen cargo test -p integration --test load -- --ignored --nocapture

e2e: build
	cd end2end && SHUGEN_BIN=$(CURDIR)/target/debug/shugen playwright test --grep-invert @faults

test: lint unit integration faults e2e load
	@echo "make test: all passed"

# Figures against DESIGN.md §7 on the release build (asset sizes for now).
bench: release
	scripts/bench.sh

clean:
	cargo clean
	rm -rf end2end/test-results end2end/playwright-report
