// Writes brotli (quality 11) and gzip copies of the hashed release assets, so the server
// sends each phone the smallest file without compressing on every request.
// Snippets keep their names from build to build, so only hashed files are compressed.
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

const dir = process.argv[2] ?? 'target/site/pkg';
for (const name of fs.readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const file = path.join(dir, name);
  const raw = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
}
