import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `make bench`: the same browser set-up as the tests, against the release build.
const port = Number(process.env.BENCH_PORT ?? 3211);

export default defineConfig({
  ...base,
  testDir: './bench',
  timeout: 120_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    ...base.webServer,
    command: `SHUGEN_BIN=../target/release/shugen bash ./serve.sh ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
  },
});
