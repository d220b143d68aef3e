#!/usr/bin/env bash
# `make bench`: figures against the budgets of DESIGN.md §7. Prints; never fails on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
export DATABASE_URL="sqlite:$dir/bench.db" LEPTOS_SITE_ADDR=127.0.0.1:0 LEPTOS_SITE_ROOT=target/site
export SHUGEN_DATA_KEY=$(head -c 32 /dev/urandom | base64)
target/release/shugen demo >/dev/null
target/release/shugen serve >"$dir/out" 2>/dev/null &
pid=$!
until grep -q 'listening on' "$dir/out"; do
  kill -0 $pid || { echo "bench: server did not start"; exit 1; }
  sleep 0.1
done
base=$(sed -n 's/^shugen listening on //p' "$dir/out")
curl -s "$base/login" -o "$dir/login.html"
node scripts/sizes.mjs target/site/pkg "$dir/login.html"

# The cadre app in real Chromium: first-load bytes and 1,000 queued visits synced end to end.
kill $pid 2>/dev/null || true
cd end2end && playwright test --config bench.config.ts --reporter=list 2>&1 | grep -E '^BENCH|passed|failed|Error' || true
