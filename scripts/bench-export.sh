#!/usr/bin/env bash
# A large XLSX export (DESIGN.md §7; issue 22's rust_xlsxwriter switch, issue 23's ×10): the
# households export of `shugen generate --households N`, timed to first and last byte, the
# server's memory (peak resident set before and after), and /healthz answered meanwhile.
# Usage: scripts/bench-export.sh [households, default 20000]. Prints; never fails on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SHUGEN_BIN:-target/release/shugen}
n=${1:-20000}
. scripts/bench-server.sh
start_server "$bin" --households "$n" --visits 0 >/dev/null 2>&1
jar="$dir/cookies"
curl -s -c "$jar" -H "Origin: $base" -d 'phone=13800000001&password=shugen-demo' "$base/api/auth/login" -o /dev/null
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }
# One small export first, so what follows measures the large one and not first-use set-up.
curl -s -b "$jar" "$base/export/ledger.xlsx" -o /dev/null
before_rss=$(kb VmRSS) before_peak=$(kb VmHWM)
curl -s -b "$jar" "$base/export/households.xlsx" -o "$dir/h.xlsx" \
  -w '%{size_download} %{time_starttransfer} %{time_total}\n' >"$dir/export" &
export_pid=$!
# /healthz back to back while the export runs.
while kill -0 $export_pid 2>/dev/null; do
  curl -s "$base/healthz" -o /dev/null -w '%{time_total}\n' >>"$dir/health"
done
wait $export_pid
read -r size first total <"$dir/export"
rows=$(( n + 60 ))
echo "BENCH export households.xlsx, $rows households: $size bytes; first byte $first s, last byte $total s"
echo "BENCH export server memory: resident $(( before_rss / 1024 )) MB before; peak $(( before_peak / 1024 )) MB before, $(( $(kb VmHWM) / 1024 )) MB after"
sort -n "$dir/health" | awk '{a[NR]=$1*1000} END {if (NR) printf "BENCH /healthz during the export: median %.1f ms, max %.1f ms (%d requests)\n", a[int((NR+1)/2)], a[NR], NR}'
