import { createHash, randomBytes } from 'node:crypto';
import { ZoomTokenService } from '../src/integrations/zoom/zoom-token.service.js';
import { ZoomEmulator } from '../test/emulators/zoom-emulator.js';
import { freshDatabases, ms, percentile, postJson, startApp } from './bench-support.js';

const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret-0123456789';

/** Connect round trip, refreshes under concurrency, and what the row lock adds to a token request. */
export async function zoomBench(rounds = 50): Promise<void> {
  console.log('\n## Zoom: connect round trip, refresh count under concurrency, token request overhead');
  for (const db of await freshDatabases()) {
    const zoom = new ZoomEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    await zoom.start();
    const env = {
      DATABASE_URL: db.url,
      APP_URL: 'http://app.test',
      ZOOM_CLIENT_ID: CLIENT_ID,
      ZOOM_CLIENT_SECRET: CLIENT_SECRET,
      ZOOM_OAUTH_BASE_URL: zoom.baseUrl,
      ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    };
    let { app, url } = await startApp(env);
    const signup = await postJson(`${url}/api/v1/auth/signup`, {
      firmName: 'Bench',
      name: 'B',
      email: `z-${randomBytes(4).toString('hex')}@example.test`,
      password: 'bench-password-123',
    });
    const token = signup.json.accessToken as string;
    const userId = (signup.json.user as { id: string }).id;
    zoom.addUser({ email: 'bench.zoom@example.test' });
    zoom.setSignedInUser('bench.zoom@example.test');

    const connect: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const start = await fetch(`${url}/api/v1/integrations/zoom/connect`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
      const consent = await fetch(authorizeUrl, { redirect: 'manual' });
      const back = new URL(consent.headers.get('location')!);
      // The browser that started Connect sends its binding cookie back to the callback.
      const cookie =
        start.headers
          .getSetCookie()
          .find((c) => c.startsWith('zoom_connect='))
          ?.split(';')[0] ?? '';
      const done = await fetch(`${url}${back.pathname}${back.search}`, { redirect: 'manual', headers: { cookie } });
      connect.push(performance.now() - t0);
      if (!done.headers.get('location')?.endsWith('zoom=connected')) throw new Error('connect failed');
    }

    // A fresh process: 20 concurrent requests for the same user.
    await app.close();
    ({ app, url } = await startApp(env));
    let before = zoom.counts.refreshes;
    await Promise.all(Array.from({ length: 20 }, () => app.get(ZoomTokenService).accessToken(userId)));
    const concurrentRefreshes = zoom.counts.refreshes - before;

    const cached: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await app.get(ZoomTokenService).accessToken(userId);
      cached.push(performance.now() - t0);
    }
    const refreshed: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await app.get(ZoomTokenService).refreshNow(userId);
      refreshed.push(performance.now() - t0);
    }
    // The same refresh straight against the emulator, without our lock and storage: the baseline.
    const bare = await bareRefreshes(zoom, rounds);
    before = zoom.counts.refreshes;

    console.log(
      `${db.kind.padEnd(6)} connect round trip p50 ${ms(percentile(connect, 50))} p99 ${ms(percentile(connect, 99))}`,
    );
    console.log(
      `${db.kind.padEnd(6)} 20 concurrent token requests in a fresh process: ${concurrentRefreshes} refresh(es) at Zoom`,
    );
    console.log(
      `${db.kind.padEnd(6)} token request, cached: p50 ${ms(percentile(cached, 50))}; with refresh under the lock: p50 ${ms(percentile(refreshed, 50))} p99 ${ms(percentile(refreshed, 99))}; bare emulator refresh p50 ${ms(percentile(bare, 50))}; lock + storage overhead p50 ${ms(percentile(refreshed, 50) - percentile(bare, 50))}`,
    );
    await app.close();
    await zoom.stop();
    await db.drop();
  }
}

async function bareRefreshes(zoom: ZoomEmulator, rounds: number): Promise<number[]> {
  const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirect = 'http://app.test/cb';
  const consent = await fetch(
    `${zoom.baseUrl}/oauth/authorize?response_type=code&client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(redirect)}&state=s&code_challenge=${challenge}&code_challenge_method=S256`,
    { redirect: 'manual' },
  );
  const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
  const post = async (form: Record<string, string>) =>
    (await (
      await fetch(`${zoom.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      })
    ).json()) as { refresh_token: string };
  let refreshToken = (
    await post({ grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier })
  ).refresh_token;
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    refreshToken = (await post({ grant_type: 'refresh_token', refresh_token: refreshToken })).refresh_token;
    samples.push(performance.now() - t0);
  }
  return samples;
}
