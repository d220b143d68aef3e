// After a split build: every file the split loader names must exist. cargo-leptos 0.3.8
// renames chunks to hashed names by plain text replacement, which breaks when one chunk's name
// is a prefix of another's (chunk_13, chunk_130): fail the build rather than ship a 404.
import fs from 'fs';
import path from 'path';

const dir = process.argv[2] ?? 'target/site/pkg';
const files = new Set(fs.readdirSync(dir));
const loader = [...files].find((f) => f.startsWith('__wasm_split') && f.endsWith('.js'));
if (!loader) process.exit(0);
const text = fs.readFileSync(path.join(dir, loader), 'utf8');
const named = [...text.matchAll(/[\w.-]+\.wasm/g)].map((m) => m[0]);
// Leptos reads the manifest on the server: its names (without `.wasm`) must exist too.
const manifest = [...files].find((f) => f.startsWith('__wasm_split_manifest') && f.endsWith('.json'));
if (manifest) {
  const chunks = Object.values(JSON.parse(fs.readFileSync(path.join(dir, manifest), 'utf8'))).flat();
  named.push(...chunks.map((c) => `${c}.wasm`));
}
const missing = [...new Set(named)].filter((f) => !files.has(f));
if (missing.length) {
  console.error(`check-split: the split loader and manifest name ${missing.length} missing files, e.g. ${missing.slice(0, 3).join(', ')}`);
  process.exit(1);
}
console.log(`check-split: ${new Set(named).size} chunks named, all present`);
