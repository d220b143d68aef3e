import { defineConfig } from '@playwright/test';
import path from 'path';
import base from './playwright.config';

// `make bench`: the same browser set-up as the tests, against the release build.
const port = Number(process.env.BENCH_PORT ?? 3211);

export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 120_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    ...base.webServer,
    command: `SHUGEN_BIN=${path.resolve(__dirname, '../target/release/shugen')} bash ./serve.sh ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
  },
});
