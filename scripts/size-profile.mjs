// The main WASM module's bytes by crate, by our own module and by function, from twiggy's
// item list (`twiggy top --format csv`, run by scripts/size-profile.sh). Sizes are raw
// (uncompressed) bytes of code and data; brotli shrinks all of them about fourfold.
// Usage: node scripts/size-profile.mjs items.csv [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const TOP = Number(topArg ?? 20);
const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);

/** twiggy's CSV: name (quoted when it holds commas), shallow size, shallow %, retained… */
function parse(line) {
  const m = line.match(/^(?:"((?:[^"]|"")*)"|([^,]*)),(\d+),/);
  return m ? { name: (m[1] ?? m[2]).replace(/""/g, '"'), size: Number(m[3]) } : null;
}

/** The crate an item's code comes from: the first path of its name, inside `<…>` for a
 * trait impl (`<serde_json::Value as Clone>::clone` is serde_json's). */
function crateOf(name) {
  if (/^data(\[| segment)/.test(name)) return '(data: strings and tables)';
  if (/^(elem|table|type|import|export|global|memory|code)\[/.test(name)) return '(wasm tables)';
  // A blanket impl (`<T as tachys::view::IntoAny>::into_any`) is the trait's crate's code.
  const b = bare(name).replace(/^[A-Z][A-Za-z0-9_]* as /, '');
  const m = b.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  if (m) return m[1];
  return /^(export|import) /.test(b) ? '(wasm-bindgen glue)' : '(other)';
}

/** A name without the `<&mut ` of a trait impl in front. */
const bare = (name) => name.replace(/^(<|&|\s|mut |dyn )+/, '');

/** For our own crate: `app::offline::engine::…` → `app::offline`. */
function moduleOf(name) {
  const m = bare(name).match(/^app::([a-z_0-9]+)/);
  return m ? `app::${m[1]}` : null;
}

// Custom sections (names, linking) and wasm-bindgen's descriptor functions are not shipped:
// wasm-bindgen and the release build strip them.
const items = rows
  .map(parse)
  .filter((i) => i && !/custom section|subsection|__wbindgen_describe/.test(i.name));
const total = items.reduce((a, i) => a + i.size, 0);
const sum = (key) => {
  const by = new Map();
  for (const i of items) {
    const k = key(i.name);
    if (k) by.set(k, (by.get(k) ?? 0) + i.size);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
};
const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB ${((100 * n) / total).toFixed(1).padStart(5)}%`;

console.log(`SIZE main module: ${(total / 1024).toFixed(1)} KB raw in ${items.length} items`);
console.log(`SIZE by crate (top ${TOP}):`);
for (const [k, v] of sum(crateOf).slice(0, TOP)) console.log(`SIZE   ${kb(v)}  ${k}`);
console.log(`SIZE our own modules (app::…, top ${TOP}):`);
for (const [k, v] of sum(moduleOf).slice(0, TOP)) console.log(`SIZE   ${kb(v)}  ${k}`);
console.log(`SIZE largest items (top ${TOP}):`);
for (const i of [...items].sort((a, b) => b.size - a.size).slice(0, TOP)) {
  console.log(`SIZE   ${kb(i.size)}  ${i.name.slice(0, 110)}`);
}
