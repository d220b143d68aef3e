// Prints the size of each built asset, raw and brotli-compressed, against the first-load
// budget (HTML + JS + WASM + CSS: DESIGN.md §7 says 300 KB brotli, issue 22 asks 250). The
// main module, its JS, the CSS and a page of the app (the HTML file given, "my visits") make
// the first load; split chunks (lazily loaded pages) are listed apart. Sign-in opened cold is
// served plain, HTML and CSS only: the Chromium figures (firstload.bench.ts) give it.
// Reports; never fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/site/pkg';
const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
const line = (name, raw, br) => console.log(`${name.padEnd(40)} raw ${kb(raw)}  brotli ${kb(br)}`);

const first = { raw: 0, br: 0 };
const lazy = { raw: 0, br: 0, n: 0 };
console.log(`assets in ${dir}`);
for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !/\.(js|wasm|css)$/.test(name)) continue;
  const buf = readFileSync(path);
  const br = brotli(buf);
  if (/^(chunk_|split_|__wasm_split)/.test(name)) {
    lazy.raw += buf.length;
    lazy.br += br;
    lazy.n += 1;
    continue;
  }
  first.raw += buf.length;
  first.br += br;
  line(name, buf.length, br);
}
const html = process.argv[3];
if (html) {
  const buf = readFileSync(html);
  const br = brotli(buf);
  first.raw += buf.length;
  first.br += br;
  line(`page HTML (${process.argv[4] ?? html})`, buf.length, br);
}
console.log(`${'first load total'.padEnd(40)} raw ${kb(first.raw)}  brotli ${kb(first.br)}  (budget 250 KB brotli)`);
console.log(`${`lazily loaded chunks (${lazy.n} files)`.padEnd(40)} raw ${kb(lazy.raw)}  brotli ${kb(lazy.br)}`);
