// Prints the size of each built asset, raw and brotli-compressed, against the first-load
// budget of DESIGN.md §7 (300 KB brotli for HTML + JS + WASM + CSS). Reports; never fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/site/pkg';
const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';

let total = { raw: 0, br: 0 };
console.log(`assets in ${dir}`);
for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !/\.(js|wasm|css)$/.test(name)) continue;
  const buf = readFileSync(path);
  const br = brotli(buf);
  total.raw += buf.length;
  total.br += br;
  console.log(`${name.padEnd(40)} raw ${kb(buf.length)}  brotli ${kb(br)}`);
}
const html = process.argv[3];
if (html) {
  const buf = readFileSync(html);
  const br = brotli(buf);
  total.raw += buf.length;
  total.br += br;
  console.log(`${'login page HTML'.padEnd(40)} raw ${kb(buf.length)}  brotli ${kb(br)}`);
}
console.log(`${'first load total'.padEnd(40)} raw ${kb(total.raw)}  brotli ${kb(total.br)}  (budget 300 KB brotli)`);
