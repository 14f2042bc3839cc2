import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { ZoomEmulator } from '../test/emulators/zoom-emulator.js';
import { ms, percentile } from './bench-support.js';

const DIST = 'web/dist';
const PORT = Number(process.env.BENCH_WEB_PORT ?? 3329);
const ZOOM_PORT = Number(process.env.BENCH_WEB_ZOOM_PORT ?? 4029);
const APP_URL = `http://localhost:${PORT}`;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const gzipped = (asset: string): number => gzipSync(readFileSync(join(DIST, asset))).length;

/** What index.html makes every first visit download: its scripts, preloads and style sheets. */
export function firstPageAssets(): { js: string[]; css: string[] } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const js = [
    ...html.matchAll(/<script[^>]*\ssrc="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g),
  ].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]!);
  return { js, css };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not answer /health');
}

/**
 * The staff app's weight and speed: the first page's JavaScript and CSS (gzip, from web/dist), and the
 * time from navigation to the Zoom card shown on Integrations (20 loads in Chromium, each a fresh
 * browser context: no cache, as on a first visit), against the built server on SQLite and the Zoom emulator.
 */
export async function webBench(loads = 20): Promise<void> {
  console.log('\n## Web app: first page weight (gzip) and navigation → Zoom card shown');
  const { js, css } = firstPageAssets();
  const jsBytes = js.reduce((n, a) => n + gzipped(a), 0);
  const cssBytes = css.reduce((n, a) => n + gzipped(a), 0);
  console.log(
    `first page (index.html's own assets): JavaScript ${kb(jsBytes)} gzip (${js.join(', ')}), CSS ${kb(cssBytes)} gzip; together ${kb(jsBytes + cssBytes)} (target < 250 KB)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'bench-web-'));
  const zoom = new ZoomEmulator({ clientId: 'bench-web-client', clientSecret: 'bench-web-secret', port: ZOOM_PORT });
  await zoom.start();
  const server = spawn(process.execPath, ['dist/src/main.js'], {
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      PORT: String(PORT),
      APP_URL,
      DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}`,
      ZOOM_CLIENT_ID: 'bench-web-client',
      ZOOM_CLIENT_SECRET: 'bench-web-secret',
      ZOOM_OAUTH_BASE_URL: zoom.baseUrl,
      ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    },
  });
  let browser: Browser | undefined;
  try {
    await waitForHealth(APP_URL, server);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // A signed-in owner with Zoom connected (the consent page's Allow): the card shows Connected.
    const setup = await browser.newContext({ baseURL: APP_URL });
    const page = await setup.newPage();
    const headers = { Origin: APP_URL };
    const signup = await page.request.post('/api/v1/auth/signup?session=cookie', {
      headers,
      data: {
        firmName: 'Bench LLP',
        name: 'Bench',
        email: `bench-${Date.now()}@example.test`,
        password: 'bench-password-123',
      },
    });
    if (signup.status() !== 201) throw new Error(`signup: ${signup.status()}`);
    const { authorizeUrl } = (await (
      await page.request.post('/api/v1/integrations/zoom/connect', { headers })
    ).json()) as { authorizeUrl: string };
    await page.goto(authorizeUrl);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/\/account\/settings\/firm\/integrations/);
    const storageState = await setup.storageState();
    await setup.close();

    const samples: number[] = [];
    const lazyJs = new Set<string>();
    for (let i = 0; i <= loads; i++) {
      const context = await browser.newContext({
        baseURL: APP_URL,
        storageState,
        viewport: { width: 1280, height: 800 },
      });
      const p = await context.newPage();
      p.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/assets/') && path.endsWith('.js')) lazyJs.add(path.slice(1));
      });
      const t0 = performance.now();
      await p.goto('/account/settings/firm/integrations', { waitUntil: 'commit' });
      await p.getByRole('region', { name: 'Zoom' }).getByText('Connected', { exact: true }).waitFor();
      const elapsed = performance.now() - t0;
      if (i > 0) samples.push(elapsed); // the first load warms the server, not counted
      await context.close();
    }
    const integrationsJs = [...lazyJs].reduce((n, a) => n + gzipped(a), 0);
    console.log(
      `Integrations page, all its JavaScript (entry + lazy chunks, ${lazyJs.size} files): ${kb(integrationsJs)} gzip`,
    );
    console.log(
      `navigation → Zoom card shown (Connected), ${loads} cold loads: p50 ${ms(percentile(samples, 50))}, p90 ${ms(percentile(samples, 90))}, max ${ms(Math.max(...samples))} (target p50 < 1 s)`,
    );
  } finally {
    await browser?.close();
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await zoom.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
