#!/usr/bin/env bash
# The summary at scale (DESIGN.md §7: ≤ 50 ms server time at 100,000 visits and 20,000
# households): `shugen generate` makes the data on a demo database; the figures, the rendered
# page and an export are timed over loopback (request to last byte, so an upper bound on
# server time). Prints; never fails on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SHUGEN_BIN:-target/release/shugen}
. scripts/bench-server.sh
start_server "$bin" --households 20000 --visits 100000
jar="$dir/cookies"
curl -s -c "$jar" -H "Origin: $base" -d 'phone=13800000001&password=shugen-demo' "$base/api/auth/login" -o /dev/null

# Median and worst of 20 requests after 3 to warm the caches.
time_it() {
  local label=$1 endpoint=$2 data=$3
  for _ in 1 2 3; do curl -s -b "$jar" -H "Origin: $base" -d "$data" "$base/api/$endpoint" -o /dev/null; done
  for _ in $(seq 20); do
    curl -s -b "$jar" -H "Origin: $base" -d "$data" "$base/api/$endpoint" -o /dev/null -w '%{time_total}\n'
  done | sort -n | awk -v l="$label" '{a[NR]=$1*1000} END {printf "BENCH summary %s: median %.1f ms, max %.1f ms (20 runs, 100,000 visits, 20,060 households)\n", l, (a[10]+a[11])/2, a[NR]}'
}
time_it "figures, all villages" summary/figures 'month=&village='
time_it "figures, one village" summary/figures 'month=&village=1'
time_it "page HTML with charts" summary/page 'month=&village=&lang=zh'
time_it "monthly report HTML" summary/report 'month=&village=&lang=zh'

# A large export streams while the server keeps answering: /healthz timed during it.
curl -s -b "$jar" "$base/export/households.xlsx" -o "$dir/h.xlsx" -w 'BENCH export households.xlsx: %{size_download} bytes in %{time_total} s (first byte after %{time_starttransfer} s)\n' &
export_pid=$!
sleep 0.2
curl -s "$base/healthz" -o /dev/null -w 'BENCH /healthz during the export: %{time_total} s\n'
wait $export_pid
curl -s -b "$jar" "$base/export/visits.csv?month=" -o "$dir/v.csv" -w 'BENCH export visits.csv (this month): %{size_download} bytes in %{time_total} s\n'
