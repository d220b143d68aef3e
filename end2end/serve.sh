#!/usr/bin/env bash
# Starts the built server on a fresh demo database for the Playwright suite.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3210}
bin=${SHUGEN_BIN:-target/debug/shugen}
dir=target/e2e
rm -rf "$dir" && mkdir -p "$dir"
export DATABASE_URL="sqlite:$dir/e2e.db"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT=target/site
# Cards are printed only for a configured public address (printed URLs are for ever).
export SHUGEN_PUBLIC_ORIGIN="http://127.0.0.1:$port"
export SHUGEN_DATA_KEY=$(head -c 32 /dev/urandom | base64)
"$bin" demo >/dev/null
exec "$bin" serve
