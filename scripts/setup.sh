#!/usr/bin/env bash
# Installs every tool the build and the tests need, and nothing that is already there.
# Safe to run again: each step checks first and takes a second when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf 'setup: %s\n' "$*"; }
SECONDS=0
fail() { printf '\nsetup: FAILED: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

CARGO_LEPTOS_VERSION=0.3.8
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || fail "could not read the wasm-bindgen version from Cargo.lock"

command -v cargo >/dev/null || fail "cargo is not on PATH; install Rust with rustup first"

if ! rustup target list --installed | grep -cx wasm32-unknown-unknown >/dev/null; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup could not add wasm32-unknown-unknown"
fi

if ! cargo leptos --version 2>/dev/null | grep -c "$CARGO_LEPTOS_VERSION" >/dev/null; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (12-20 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads \
    || fail "cargo install cargo-leptos $CARGO_LEPTOS_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -c " $WASM_BINDGEN_VERSION$" >/dev/null; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # Not --locked: its lock file names a crate version the registry here does not serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
    || fail "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
fi

# Debian packages: chromium (the only browser the end-to-end tests use) and CJK fonts; librsvg (SVG → PNG) and ZBar
# (a QR decoder) for the test that reads a card's QR code back; wrk for the load figure; PostgreSQL's server and
# client, nginx with its brotli_static module, curl and openssl for the several-servers tests, which start their
# own instances on temporary ports and sockets (the packages' own services, if apt starts them, are not used).
APT_PACKAGES="chromium fonts-noto-cjk librsvg2-bin zbar-tools wrk postgresql postgresql-client nginx \
  libnginx-mod-http-brotli-static curl openssl"
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -ci cjk >/dev/null \
  || ! command -v rsvg-convert >/dev/null || ! command -v zbarimg >/dev/null || ! command -v wrk >/dev/null \
  || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v psql >/dev/null \
  || ! command -v nginx >/dev/null || ! test -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so \
  || ! command -v curl >/dev/null || ! command -v openssl >/dev/null; then
  step "installing Debian packages: $APT_PACKAGES"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq || fail "apt-get update"
  # shellcheck disable=SC2086
  as_root apt-get install -y -qq $APT_PACKAGES >/dev/null \
    || fail "apt-get install $APT_PACKAGES"
fi

# npm ci from the committed lock: the end-to-end test runner and binaryen's wasm-opt (release
# builds; Debian's binaryen is too old). Fetched again only when the lock file changes.
stamp=end2end/node_modules/.shugen-lock
if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
  command -v npm >/dev/null || fail "npm is not on PATH"
  step "fetching end2end npm packages (npm ci)"
  # Browsers come from Debian (chromium); nothing may download one of its own, so no
  # package's lifecycle script runs at all.
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || fail "npm ci in end2end/"
  cp end2end/package-lock.json "$stamp"
fi
PATH="$PWD/end2end/node_modules/.bin:$PATH" wasm-opt --version >/dev/null \
  || fail "wasm-opt from end2end/node_modules does not run"

step "ok in ${SECONDS}s: cargo-leptos $CARGO_LEPTOS_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(chromium --version 2>/dev/null | head -1)"
