import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// Two local servers, both bound to 127.0.0.1 only (see docs/TESTING.md):
//   - the release build in ../../dist-e2e (made by `make e2e` / `make test`) on :8700
//   - the submission endpoint (tests/endpoint/server.py) on :8787, a different origin, so
//     every POST goes through real CORS.
const STATIC_PORT = Number(process.env.YEHUA_E2E_PORT ?? 8700);
const ENDPOINT_PORT = Number(process.env.YEHUA_ENDPOINT_PORT ?? 8787);
const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'tests/endpoint/server.py');
const DIST = process.env.YEHUA_E2E_DIST ?? path.join(ROOT, 'dist-e2e');

process.env.YEHUA_ENDPOINT_URL ??= `http://127.0.0.1:${ENDPOINT_PORT}`;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : Math.min(2, Number(process.env.YEHUA_E2E_WORKERS ?? 2)),
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${STATIC_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: [
    {
      name: 'static',
      command: `python3 "${SERVER}" --port ${STATIC_PORT} --static "${DIST}"`,
      url: `http://127.0.0.1:${STATIC_PORT}/_control/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 20_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      name: 'endpoint',
      command: `python3 "${SERVER}" --port ${ENDPOINT_PORT}`,
      url: `http://127.0.0.1:${ENDPOINT_PORT}/_control/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 20_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
