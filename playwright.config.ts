import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import {
  APP_PORT,
  APP_URL,
  NO_ZOOM_PORT,
  NO_ZOOM_URL,
  ZOOM_CLIENT_ID,
  ZOOM_CLIENT_SECRET,
  ZOOM_PORT,
  ZOOM_URL,
} from './web/e2e/support/env';

/**
 * The browser suite (`npm run test:web`): the built server (`npm run build` first) on a fresh SQLite
 * file per run, the Zoom emulator as a real process, and a second server without Zoom. The config is
 * loaded again in each worker: the run's directory is made once and handed down through the env.
 */
process.env.E2E_RUN_DIR ??= mkdtempSync(join(tmpdir(), 'mll-e2e-'));
const runDir = process.env.E2E_RUN_DIR;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const server = (port: number, url: string, env: Record<string, string>) => ({
  command: 'node dist/src/main.js',
  url: `${url}/health`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    APP_URL: url,
    TRUST_PROXY: 'loopback',
    ...env,
  },
});

export default defineConfig({
  testDir: './web/e2e',
  outputDir: join(runDir, 'test-results'),
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: APP_URL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
    trace: 'retain-on-failure',
    // A page that is not there fails in seconds, not at the test's timeout.
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: [
    {
      command: 'node dist/test/emulators/zoom-emulator.main.js',
      url: `${ZOOM_URL}/_emulator/meetings`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      env: { ZOOM_EMULATOR_PORT: String(ZOOM_PORT), ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET },
    },
    server(APP_PORT, APP_URL, {
      DATABASE_URL: `sqlite:${join(runDir, 'app.sqlite')}`,
      ZOOM_CLIENT_ID,
      ZOOM_CLIENT_SECRET,
      ZOOM_OAUTH_BASE_URL: ZOOM_URL,
      ZOOM_API_BASE_URL: `${ZOOM_URL}/v2`,
    }),
    server(NO_ZOOM_PORT, NO_ZOOM_URL, {
      DATABASE_URL: `sqlite:${join(runDir, 'no-zoom.sqlite')}`,
      ZOOM_CLIENT_ID: '',
      ZOOM_CLIENT_SECRET: '',
    }),
  ],
});
