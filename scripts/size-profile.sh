#!/usr/bin/env bash
# `make bench`: where the main WASM module's bytes go, by crate, by our own module and by
# function (twiggy 0.8, installed on first use). It reads the main module as wasm-split leaves
# it in a release build (names still in; wasm-bindgen and wasm-opt then shrink it about
# threefold, every part alike), so the shares, not the sizes, are the figure to read.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=target/front/wasm32-unknown-unknown/wasm-release/app_split.wasm
[ -f "$wasm" ] || { echo "size-profile: no $wasm; run make release first"; exit 1; }
command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
items=$(mktemp)
trap 'rm -f "$items"' EXIT
twiggy top -n 1000000 --format csv "$wasm" >"$items"
node scripts/size-profile.mjs "$items" 20
