#!/usr/bin/env bash
# The server's figures at a scale (DESIGN.md §7 at ×1; issue 23's budgets at ×10):
# `shugen generate --scale K` makes K counties' worth of a year (20,000·K households,
# 100,000·K visits, 20·K cadres, 2,000·K ledger items and feedback forms) on a demo database,
# then each figure is timed over loopback, request to last byte (an upper bound on server
# time): median and worst of 20 after 20 to warm the caches and the pool (each of
# PostgreSQL's backends reads the catalogue and plans a statement the first times it meets
# it: a fresh server's first twenty summaries are printed apart, as "cold").
# Usage: scripts/bench-scale.sh K (default 1); on PostgreSQL with BENCH_DATABASE_URL (an empty
# database; `integration/tests/scale_bench` makes one). Prints; never fails on a number.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SHUGEN_BIN:-target/release/shugen}
k=${1:-1}
. scripts/bench-server.sh
gen=$(mktemp)
start_server "$bin" --scale "$k" >"$gen" 2>/dev/null
k="$k $backend"
sed "s/^BENCH generate:/BENCH ×$k generate:/" "$gen"
sample_id=$(sed -n 's/.*sample ID number //p' "$gen")
rm -f "$gen"
office="$dir/office" cadre="$dir/cadre"
login() { curl -s -c "$1" -H "Origin: $base" -d "phone=$2&password=shugen-demo" "$base/api/auth/login" -o /dev/null; }
login "$office" 13800000001
login "$cadre" 13800000101

# sample LABEL JAR ENDPOINT FIELD=VALUE…: 20 requests timed, the form sent URL-encoded.
sample() {
  local label=$1 jar=$2 endpoint=$3
  shift 3
  local form=()
  for f in "$@"; do form+=(--data-urlencode "$f"); done
  for _ in $(seq 20); do
    curl -s -b "$jar" -H "Origin: $base" "${form[@]}" "$base/api/$endpoint" -o /dev/null -w '%{time_total}\n'
  done | sort -n | awk -v l="$label" -v k="$k" '{a[NR]=$1*1000} END {printf "BENCH ×%s %s: median %.1f ms, max %.1f ms\n", k, l, (a[10]+a[11])/2, a[NR]}'
}
# time_it LABEL JAR ENDPOINT FIELD=VALUE…: the figure, after 20 requests untimed.
time_it() {
  sample "warm-up" "${@:2}" >/dev/null
  sample "$@"
}
# The first requests a fresh server answers, shown apart: a restart's cost, not the figure.
sample "summary figures, all villages, first 20 after start (cold)" "$office" summary/figures month= village=
time_it "summary figures, all villages" "$office" summary/figures month= village=
time_it "summary figures, one village" "$office" summary/figures month= village=1
time_it "summary page HTML with charts" "$office" summary/page month= village= lang=zh
time_it "monthly report HTML" "$office" summary/report month= village= lang=zh
# The month just ended, as the 调度会 reads and prints it: a whole month of records.
last=$(date -u -d "$(date -u -d '+8 hours' +%Y-%m-01) -1 day" +%Y-%m)
time_it "summary figures, all villages, last month ($last)" "$office" summary/figures "month=$last" village=
time_it "summary figures, one village, last month" "$office" summary/figures "month=$last" village=1
time_it "monthly report HTML, last month" "$office" summary/report "month=$last" village= lang=zh
list=(village= tag= page=1)
time_it "households list, first page" "$office" households/list q= "${list[@]}"
time_it "households search by name" "$office" households/list q=王 "${list[@]}"
time_it "households exact ID search" "$office" households/list "q=$sample_id" "${list[@]}"
found=$(curl -s -b "$office" -H "Origin: $base" -d "q=$sample_id&village=&tag=&page=1" "$base/api/households/list" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))')
echo "BENCH ×$k households exact ID search finds $found household(s)"

# The offline pack of the demo cadre 李明 (their households and everything the phone keeps).
time_it "offline pack (cadre 李明)" "$cadre" sync/pack device=bench waiting=0
curl -s -b "$cadre" -H "Origin: $base" -d 'device=bench&waiting=0' "$base/api/sync/pack" -o "$dir/pack.json"
wire=$(curl -s -b "$cadre" -H "Origin: $base" -H 'Accept-Encoding: br, gzip' -d 'device=bench&waiting=0' "$base/api/sync/pack" -o /dev/null -w '%{size_download}')
node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1]));const n=(p.households||[]).length;console.log(`BENCH ×${process.argv[2]} offline pack: ${require("fs").statSync(process.argv[1]).size} bytes (${process.argv[3]} compressed on the wire) for ${n} households`)' "$dir/pack.json" "$k" "$wire"

# The households export streams while the server keeps answering.
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }
curl -s -b "$office" "$base/export/ledger.xlsx" -o /dev/null
before_peak=$(kb VmHWM)
curl -s -b "$office" "$base/export/households.xlsx" -o "$dir/h.xlsx" -w '%{size_download} %{time_total}\n' >"$dir/export" &
export_pid=$!
n=0
touch "$dir/health" "$dir/idle"
while kill -0 $export_pid 2>/dev/null; do
  curl -s "$base/healthz" -o /dev/null -w '%{time_total}\n' >>"$dir/health"
  n=$((n + 1))
done
wait $export_pid
read -r size total <"$dir/export"
echo "BENCH ×$k export households.xlsx: $size bytes in $total s; server peak memory $(( before_peak / 1024 )) MB before, $(( $(kb VmHWM) / 1024 )) MB after"
# As many requests again with the server idle: the machine's own tail (on a shared VM the
# maximum of a thousand idle requests has been 3.5-17 ms), against which the export's is read.
for _ in $(seq "$n"); do
  curl -s "$base/healthz" -o /dev/null -w '%{time_total}\n' >>"$dir/idle"
done
for f in health idle; do
  what=$([ $f = health ] && echo "during the export" || echo "idle, as many")
  sort -n "$dir/$f" | awk -v k="$k" -v what="$what" '{a[NR]=$1*1000} END {if (NR) printf "BENCH ×%s /healthz %s: median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)\n", k, what, a[int((NR+1)/2)], a[int(NR*0.95+0.5)], a[int(NR*0.99+0.5)], a[NR], NR}'
done
curl -s -b "$office" "$base/export/visits.csv?month=" -o "$dir/v.csv" -w "BENCH ×$k export visits.csv (this month): %{size_download} bytes in %{time_total} s\n"

# The import preview of a 20,000-row sheet (new households in the demo's villages).
node -e '
const v=[["民智村",["一组","二组","三组","四组"]],["廖家村",["一组","二组","三组"]],["桐子坳村",["一组","二组","三组"]]];
const rows=["村,村民小组,户主,联系电话,家庭人口,经济状况,困难户,联系干部"];
for (let i=0;i<20000;i++){const [n,g]=v[i%3];rows.push(`${n},${g[i%g.length]},新户${i},136${String(i).padStart(8,"0")},${1+i%6},一般,否,13800000101`);}
require("fs").writeFileSync(process.argv[1],"\ufeff"+rows.join("\r\n")+"\r\n");' "$dir/import.csv"
curl -s -b "$office" -H "Origin: $base" -F "file=@$dir/import.csv;filename=import.csv" -F commit=0 \
  "$base/api/households/import" -o "$dir/preview.json" -w "BENCH ×$k import preview, 20,000 rows (CSV): %{time_total} s" 
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(`, ${r.rows} rows read, ${r.new} new, ${r.error_count} problems`)' "$dir/preview.json"
