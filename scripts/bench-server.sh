# Sourced by the bench scripts: `start_server BIN [generate options]` makes a demo database in
# a temporary folder (or in the empty PostgreSQL database $BENCH_DATABASE_URL names), with
# `shugen generate` data when options are given, and serves it on a free port. Sets $dir, $pid,
# $base and $backend; the server and the folder go when the script exits.
start_server() {
  local bin=$1
  shift
  dir=$(mktemp -d)
  trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
  export DATABASE_URL=${BENCH_DATABASE_URL:-sqlite:$dir/bench.db} LEPTOS_SITE_ADDR=127.0.0.1:0 LEPTOS_SITE_ROOT=target/site
  backend=${DATABASE_URL%%:*}
  SHUGEN_DATA_KEY=$(head -c 32 /dev/urandom | base64)
  export SHUGEN_DATA_KEY
  "$bin" demo >/dev/null
  if [ $# -gt 0 ]; then
    "$bin" generate "$@" | sed 's/^/BENCH /'
  fi
  "$bin" serve >"$dir/out" 2>/dev/null &
  pid=$!
  until grep -q 'listening on' "$dir/out"; do
    kill -0 $pid || { echo "bench: server did not start"; exit 1; }
    sleep 0.1
  done
  base=$(sed -n 's/^shugen listening on //p' "$dir/out")
}
