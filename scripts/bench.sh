#!/usr/bin/env bash
# `make bench`: figures against the budgets of DESIGN.md §7. Prints; never fails on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/bench-server.sh
start_server target/release/shugen
# A cadre's "my visits" as the server sends it (sign-in itself is served plain: no WASM).
curl -s -c "$dir/jar" -H "Origin: $base" -d 'phone=13800000101&password=shugen-demo' "$base/api/auth/login" -o /dev/null
curl -s -b "$dir/jar" "$base/visits" -o "$dir/visits.html"
node scripts/sizes.mjs target/site/pkg "$dir/visits.html" /visits
# Where the main module's bytes go (issue 22): by crate, by our module, by function.
scripts/size-profile.sh
token=$(target/release/shugen card list 2>/dev/null | head -1 | sed -n 's|.*/c/\([0-9a-z]*\).*|\1|p')
# Lighthouse's mobile audit of the three pages a cadre opens first and of a villager's card
# page (median of three runs).
node end2end/bench/lighthouse.mjs "$base" "/c/$token"

# The villager's card page (DESIGN.md §7: ≤ 20 KB transferred, no WASM; ≥ 10,000 requests/s).
for enc in br gzip identity; do
  bytes=$(curl -s -H "Accept-Encoding: $enc" -o /dev/null -w '%{size_download} %{size_header}' "$base/c/$token")
  echo "BENCH card page /c/$token ($enc): body+headers $(( ${bytes% *} + ${bytes#* } )) bytes (${bytes% *} body)"
done
curl -s "$base/c/$token" | grep -c -E '/pkg/|\.wasm' >/dev/null && echo "BENCH card page loads WASM: budget broken" || echo "BENCH card page: no WASM, no /pkg request"
if command -v wrk >/dev/null; then
  for enc in gzip br; do
    echo "BENCH wrk: 10 s, 2 threads, 64 connections, GET /c/$token ($enc), loopback, $(nproc) cores shared with wrk"
    wrk -t2 -c64 -d10s -H "Accept-Encoding: $enc" --latency "$base/c/$token" \
      | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|99)%' | sed 's/^ */BENCH   /'
  done
fi

# The server's figures at ×1 (a county: 20,000 households, 100,000 visits) and ×10 (issue 23:
# 200,000 households, 1,000,000 visits): summary, report, households list and search, the
# offline pack, a large export with /healthz meanwhile, a 20,000-row import preview.
scripts/bench-scale.sh 1
scripts/bench-scale.sh 10

# The cadre app in real Chromium: first-load bytes, time to interactive and largest paint
# (loopback, 4× CPU, 4× CPU on slow 4G), and 1,000 and 10,000 queued visits synced end to end.
kill $pid 2>/dev/null || true
cd end2end && playwright test --config bench.config.ts --reporter=list 2>&1 | grep -E '^BENCH|passed|failed|Error' || true

# Load on the release build: 200 phones syncing for 60 s while villagers open cards.
cd "$root"
SHUGEN_BIN=$PWD/target/release/shugen cargo test -q -p integration --test load -- --ignored --nocapture 2>&1 \
  | grep '^load:' | sed 's/^load:/BENCH load:/' || true

# Photos (issue 20): 50 queued records with two ~300 KB photos each, uploaded in parts and
# pushed, on loopback: the time and the server's peak memory.
SHUGEN_BIN=$PWD/target/release/shugen cargo test -q -p integration --test photos_bench -- --ignored --nocapture 2>&1 \
  | grep '^photos:' | sed 's/^photos:/BENCH photos:/' || true

# Scale-out (issue 21): sync throughput with 200 phones pushing back to back, SQLite with one
# server vs PostgreSQL (durable) with one and with two servers, side by side.
SHUGEN_TEST_PG_DURABLE=1 SHUGEN_BIN=$PWD/target/release/shugen \
  cargo test -q -p integration --test sync_bench -- --ignored --nocapture 2>&1 \
  | grep '^sync:' | sed 's/^sync:/BENCH sync:/' || true

# The server's figures at ×1 and ×10 on PostgreSQL (durable), as scripts/bench-scale.sh measures
# them on SQLite above.
SHUGEN_TEST_PG_DURABLE=1 SHUGEN_BIN=$PWD/target/release/shugen \
  cargo test -q -p integration --test scale_bench -- --ignored --nocapture 2>&1 \
  | grep '^BENCH' || true
