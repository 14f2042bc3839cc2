import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ZoomConnectionService } from '../src/integrations/zoom/zoom-connection.service.js';
import { ZoomApiClient } from '../src/integrations/zoom/zoom-api.client.js';
import { ZoomCredential } from '../src/integrations/zoom/zoom-credential.entity.js';
import { ZoomOAuthState } from '../src/integrations/zoom/zoom-oauth-state.entity.js';
import { ZoomKeepAliveJob } from '../src/integrations/zoom/zoom-keep-alive.job.js';
import { ZoomTokenService } from '../src/integrations/zoom/zoom-token.service.js';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { addMember, signupFirm, uniqueEmail, type StaffMember } from './factories/identity.factory.js';
import {
  APP_URL,
  beginConnect,
  connectZoom,
  followCallback,
  startZoom,
  ZOOM_CLIENT_ID,
  zoomEnv,
} from './factories/zoom.factory.js';
import { compiledApp } from './support/compiled.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';
import { isMysqlRun, testDatabaseUrl } from './support/test-database.js';

const run = promisify(execFile);
const KEY_1 = Buffer.alloc(32, 1).toString('base64');
const KEY_2 = Buffer.alloc(32, 2).toString('base64');
const WEBHOOK_SECRET = 'whsec-test-0123456789abcdef';
const page = `${APP_URL}/account/settings/firm/integrations`;

describe('Zoom integration (e2e, against the Zoom emulator)', () => {
  const databaseUrl = testDatabaseUrl();
  let zoom: ZoomEmulator;
  let clientSecret: string;
  let t: TestApp;
  const allLogs: TestApp[] = [];
  const auth = (s: StaffMember) => ({ Authorization: `Bearer ${s.token}` });

  const boot = async (extra: Record<string, string> = {}): Promise<TestApp> => {
    const app = await createTestApp({
      databaseUrl,
      env: zoomEnv(zoom, clientSecret, { ENCRYPTION_KEY: KEY_1, ZOOM_WEBHOOK_SECRET_TOKEN: WEBHOOK_SECRET, ...extra }),
    });
    allLogs.push(app);
    return app;
  };
  const card = async (app: TestApp, s: StaffMember) =>
    (await app.http().get('/api/v1/integrations/zoom').set(auth(s))).body;
  const credentialRows = async (app: TestApp, userId: string) =>
    (await app.dataSource.query('SELECT * FROM zoom_credentials WHERE userId = ?', [userId])) as Array<
      Record<string, unknown>
    >;

  beforeAll(async () => {
    ({ zoom, clientSecret } = await startZoom());
    t = await boot();
  });

  afterAll(async () => {
    await t.close();
    await zoom.stop();
  });

  it('shows the card for an owner, and for a member without team settings', async () => {
    const owner = await signupFirm(t);
    await expect(card(t, owner)).resolves.toEqual({
      provider: 'zoom',
      available: true,
      status: 'not_connected',
      accountEmail: null,
      connectedAt: null,
      canConnect: true,
    });
    const member = await addMember(t, owner, []);
    await expect(card(t, member)).resolves.toMatchObject({ available: true, canConnect: false });
    const refused = await t.http().post('/api/v1/integrations/zoom/connect').set(auth(member));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('team_settings_required');
  });

  it('refuses to connect once billing cancels the subscription through the CLI', async () => {
    const owner = await signupFirm(t);
    const build = await compiledApp();
    const { stdout } = await run(
      process.execPath,
      [join(build, 'src/cli.js'), 'firm:subscription', '--firm', owner.user.firmId, '--status', 'canceled'],
      {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          ENCRYPTION_KEY: KEY_1,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
        },
      },
    );
    expect(stdout).toContain('canceled');
    await expect(card(t, owner)).resolves.toMatchObject({ canConnect: false });
    const refused = await t.http().post('/api/v1/integrations/zoom/connect').set(auth(owner));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('subscription_inactive');
  }, 120_000);

  it('connects end to end with state and PKCE, and shows the Zoom account on the card', async () => {
    const owner = await signupFirm(t);
    const zoomEmail = uniqueEmail('zoom');
    const exchangesBefore = zoom.counts.codeExchanges;
    const { authorizeUrl, callback, finalLocation } = await connectZoom(t, owner, zoom, zoomEmail);

    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${zoom.baseUrl}/oauth/authorize`);
    const q = authorizeUrl.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(ZOOM_CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(`${APP_URL}/api/v1/integrations/zoom/callback`);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(43);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.has('scope')).toBe(false);
    expect(callback.searchParams.get('state')).toBe(q.get('state'));

    expect(finalLocation).toBe(`${page}?zoom=connected`);
    expect(zoom.counts.codeExchanges).toBe(exchangesBefore + 1);
    const shown = await card(t, owner);
    expect(shown).toMatchObject({ status: 'connected', accountEmail: zoomEmail, canConnect: true });
    expect(Date.parse(shown.connectedAt)).not.toBeNaN();
    const [row] = await credentialRows(t, owner.user.id);
    expect(row).toMatchObject({
      zoomUserId: zoom.getUser(zoomEmail)!.id,
      accountEmail: zoomEmail,
      status: 'connected',
    });
    expect(String(row!.refreshTokenSealed)).toMatch(/^v1\./);
  });

  it('redirects a replayed state, a denied consent, an expired state and a wrong code with the right reason, storing nothing', async () => {
    const owner = await signupFirm(t);
    const zoomEmail = uniqueEmail('zoom');
    zoom.addUser({ email: zoomEmail });
    zoom.setSignedInUser(zoomEmail);

    const first = await beginConnect(t, owner);
    const wrongCode = new URL(first.callback);
    wrongCode.searchParams.set('code', 'not-a-code-zoom-issued');
    await expect(followCallback(t, wrongCode, first.cookie)).resolves.toBe(`${page}?zoom=error&reason=exchange_failed`);
    // The state was spent by that attempt: replaying it with the real code is refused.
    await expect(followCallback(t, first.callback, first.cookie)).resolves.toBe(
      `${page}?zoom=error&reason=invalid_state`,
    );

    zoom.setConsent('deny');
    const denied = await beginConnect(t, owner);
    zoom.setConsent('approve');
    expect(denied.callback.searchParams.get('error')).toBe('access_denied');
    await expect(followCallback(t, denied.callback, denied.cookie)).resolves.toBe(
      `${page}?zoom=error&reason=access_denied`,
    );

    const late = await beginConnect(t, owner);
    await t.dataSource
      .getRepository(ZoomOAuthState)
      .update({ userId: owner.user.id }, { expiresAt: new Date(Date.now() - 1000) });
    await expect(followCallback(t, late.callback, late.cookie)).resolves.toBe(
      `${page}?zoom=error&reason=invalid_state`,
    );

    const forged = new URL(late.callback);
    forged.searchParams.set('state', 'a'.repeat(43));
    await expect(followCallback(t, forged, late.cookie)).resolves.toBe(`${page}?zoom=error&reason=invalid_state`);

    await expect(credentialRows(t, owner.user.id)).resolves.toEqual([]);
    await expect(card(t, owner)).resolves.toMatchObject({ status: 'not_connected', accountEmail: null });
  });

  it('gives up on a code exchange Zoom holds past its timeout: the browser lands on exchange_failed, nothing stored', async () => {
    const owner = await signupFirm(t);
    const zoomEmail = uniqueEmail('zoom');
    zoom.addUser({ email: zoomEmail });
    zoom.setSignedInUser(zoomEmail);
    const flow = await beginConnect(t, owner);
    // Zoom takes the code and holds its answer for twice our 10 s wait: without a timeout the browser would land on
    // zoom=connected once it came.
    zoom.failNext('token', 1, { delayMs: 20_000 });
    const held = zoom.heldRequests;
    await expect(followCallback(t, flow.callback, flow.cookie)).resolves.toBe(
      `${page}?zoom=error&reason=exchange_failed`,
    );
    expect(zoom.heldRequests).toBe(held + 1);
    await expect(credentialRows(t, owner.user.id)).resolves.toEqual([]);
    await expect(card(t, owner)).resolves.toMatchObject({ status: 'not_connected', accountEmail: null });
  }, 40_000);

  it('refreshes exactly once for 20 concurrent token requests in a fresh process', async () => {
    const owner = await signupFirm(t);
    await connectZoom(t, owner, zoom, uniqueEmail('zoom'));
    // The access token stored at connect would serve a fresh process: make it due for a refresh.
    await t.dataSource
      .getRepository(ZoomCredential)
      .update({ userId: owner.user.id }, { accessTokenExpiresAt: new Date(Date.now() - 1000) });
    await t.close();
    t = await boot();
    const before = zoom.counts.refreshes;
    const tokens = t.app.get(ZoomTokenService);
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.accessToken(owner.user.id)));
    expect(new Set(got).size).toBe(1);
    expect(zoom.counts.refreshes - before).toBe(1);
    // The cached token serves the next callers without another refresh.
    await tokens.accessToken(owner.user.id);
    expect(zoom.counts.refreshes - before).toBe(1);
  });

  // Two processes on one database is the MySQL deployment; SQLite is single-machine.
  if (isMysqlRun())
    it('shares one connection between two app instances on MySQL without losing it', async () => {
      const owner = await signupFirm(t);
      await connectZoom(t, owner, zoom, uniqueEmail('zoom'));
      const a = await boot();
      const b = await boot();
      try {
        const before = zoom.counts.refreshes;
        const calls = [a, b].flatMap((app) =>
          Array.from({ length: 10 }, () =>
            app.app
              .get(ZoomTokenService)
              .withAccessToken(owner.user.id, (token) => app.app.get(ZoomApiClient).getMe(token)),
          ),
        );
        const results = await Promise.allSettled(calls);
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        expect(zoom.counts.refreshes - before).toBeLessThanOrEqual(2);
        await expect(card(t, owner)).resolves.toMatchObject({ status: 'connected' });
      } finally {
        await a.close();
        await b.close();
      }
    });

  it('turns a grant revoked at Zoom into reconnect_needed on the next use, and a reconnect recovers', async () => {
    const owner = await signupFirm(t);
    const zoomEmail = uniqueEmail('zoom');
    await connectZoom(t, owner, zoom, zoomEmail);
    zoom.revokeGrantSilently(zoomEmail);
    const use = () =>
      t.app.get(ZoomTokenService).withAccessToken(owner.user.id, (token) => t.app.get(ZoomApiClient).getMe(token));
    await expect(use()).rejects.toMatchObject({ code: 'zoom_reconnect_needed' });
    await expect(card(t, owner)).resolves.toMatchObject({ status: 'reconnect_needed', accountEmail: zoomEmail });
    const [row] = await credentialRows(t, owner.user.id);
    expect(row!.refreshTokenSealed).toBeNull();
    // Later uses say the same without calling Zoom again.
    const refreshes = zoom.counts.refreshes;
    await expect(use()).rejects.toMatchObject({ code: 'zoom_reconnect_needed' });
    expect(zoom.counts.refreshes).toBe(refreshes);

    await expect(connectZoom(t, owner, zoom, zoomEmail)).resolves.toMatchObject({
      finalLocation: `${page}?zoom=connected`,
    });
    await expect(card(t, owner)).resolves.toMatchObject({ status: 'connected' });
    await expect(use()).resolves.toMatchObject({ email: zoomEmail });
  });

  it('refreshes once after a 124 and retries the call once', async () => {
    const owner = await signupFirm(t);
    const zoomEmail = uniqueEmail('zoom');
    await connectZoom(t, owner, zoom, zoomEmail);
    zoom.expireAccessTokens(zoomEmail);
    const before = zoom.counts.refreshes;
    await expect(
      t.app.get(ZoomTokenService).withAccessToken(owner.user.id, (token) => t.app.get(ZoomApiClient).getMe(token)),
    ).resolves.toMatchObject({ email: zoomEmail });
    expect(zoom.counts.refreshes - before).toBe(1);
  });

  it('refreshes connections idle for 30 days', async () => {
    const owner = await signupFirm(t);
    await connectZoom(t, owner, zoom, uniqueEmail('zoom'));
    await t.dataSource
      .getRepository(ZoomCredential)
      .update({ userId: owner.user.id }, { lastRefreshedAt: new Date(Date.now() - 31 * 86_400_000) });
    const before = zoom.counts.refreshes;
    await expect(t.app.get(ZoomKeepAliveJob).run()).resolves.toBeGreaterThanOrEqual(1);
    expect(zoom.counts.refreshes - before).toBeGreaterThanOrEqual(1);
    const [row] = await credentialRows(t, owner.user.id);
    expect(Date.now() - new Date(row!.lastRefreshedAt as string).getTime()).toBeLessThan(86_400_000);
  });

  it('disconnects by revoking at Zoom and deleting the stored token', async () => {
    const owner = await signupFirm(t);
    await connectZoom(t, owner, zoom, uniqueEmail('zoom'));
    const before = zoom.counts.revokes;
    const res = await t.http().delete('/api/v1/integrations/zoom').set(auth(owner));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'not_connected', revoked: true });
    expect(zoom.counts.revokes).toBe(before + 1);
    await expect(credentialRows(t, owner.user.id)).resolves.toEqual([]);
    await expect(card(t, owner)).resolves.toMatchObject({
      status: 'not_connected',
      accountEmail: null,
      connectedAt: null,
    });
    const again = await t.http().delete('/api/v1/integrations/zoom').set(auth(owner));
    expect(again.body).toEqual({ status: 'not_connected', revoked: false });
  });

  describe('webhook', () => {
    const sign = (body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': `v0=${createHmac('sha256', WEBHOOK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      'content-type': 'application/json',
    });
    const post = (app: TestApp, body: string, headers: Record<string, string>) =>
      app.http().post('/api/v1/integrations/zoom/webhook').set(headers).send(body);

    it('answers endpoint.url_validation', async () => {
      const body = JSON.stringify({
        event: 'endpoint.url_validation',
        payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
        event_ts: Date.now(),
      });
      const res = await post(t, body, sign(body));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
        encryptedToken: createHmac('sha256', WEBHOOK_SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
      });
    });

    it('refuses a bad signature and a 10-minute-old timestamp', async () => {
      const body = JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: 'abc' } });
      const bad = await post(t, body, { ...sign(body), 'x-zm-signature': `v0=${'0'.repeat(64)}` });
      expect(bad.status).toBe(401);
      expect(bad.body.code).toBe('webhook_unauthorized');
      const old = await post(t, body, sign(body, Math.floor(Date.now() / 1000) - 600));
      expect(old.status).toBe(401);
      const missing = await post(t, body, { 'content-type': 'application/json' });
      expect(missing.status).toBe(401);
    });

    it('removes the connection of a Zoom user who deauthorized the app', async () => {
      const owner = await signupFirm(t);
      const zoomEmail = uniqueEmail('zoom');
      await connectZoom(t, owner, zoom, zoomEmail);
      const body = JSON.stringify({
        event: 'app_deauthorized',
        event_ts: Date.now(),
        payload: {
          account_id: zoom.getUser(zoomEmail)!.account_id,
          user_id: zoom.getUser(zoomEmail)!.id,
          signature: 'x',
          deauthorization_time: new Date().toISOString(),
          client_id: ZOOM_CLIENT_ID,
        },
      });
      await expect(post(t, body, sign(body))).resolves.toMatchObject({ status: 200 });
      await expect(credentialRows(t, owner.user.id)).resolves.toEqual([]);
      await expect(card(t, owner)).resolves.toMatchObject({ status: 'not_connected' });
    });

    it('refuses every call while no secret is configured', async () => {
      await t.close();
      t = await boot({ ZOOM_WEBHOOK_SECRET_TOKEN: '' });
      const body = JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: 'abc' } });
      await expect(post(t, body, sign(body))).resolves.toMatchObject({ status: 401 });
      await t.close();
      t = await boot();
    });
  });

  it('decrypts with a previous key after rotation, and re-encrypts under the new key at the next refresh', async () => {
    const owner = await signupFirm(t);
    const zoomEmail = uniqueEmail('zoom');
    await connectZoom(t, owner, zoom, zoomEmail);
    const [before] = await credentialRows(t, owner.user.id);
    await t.close();
    t = await boot({ ENCRYPTION_KEY: KEY_2, ENCRYPTION_KEYS_PREVIOUS: KEY_1 });
    // The access token sealed under the old key still opens and serves...
    await expect(t.app.get(ZoomTokenService).accessToken(owner.user.id)).resolves.toEqual(expect.any(String));
    const [served] = await credentialRows(t, owner.user.id);
    expect(served!.keyId).toBe(before!.keyId);
    // ...and the next refresh seals under the new key.
    await expect(t.app.get(ZoomTokenService).refreshNow(owner.user.id)).resolves.toEqual(expect.any(String));
    const [after] = await credentialRows(t, owner.user.id);
    const keyIdOf = (key: string) =>
      createHash('sha256').update(Buffer.from(key, 'base64')).digest('base64url').slice(0, 8);
    expect(before!.keyId).toBe(keyIdOf(KEY_1));
    expect(after!.keyId).toBe(keyIdOf(KEY_2));
    expect(String(after!.refreshTokenSealed).split('.')[1]).toBe(keyIdOf(KEY_2));
    await t.close();
    t = await boot();
  });

  it('says zoom is unavailable when the app has no Zoom credentials', async () => {
    const bare = await createTestApp({ databaseUrl, env: { APP_URL } });
    allLogs.push(bare);
    try {
      const owner = await signupFirm(bare);
      await expect(card(bare, owner)).resolves.toMatchObject({
        available: false,
        canConnect: false,
        status: 'not_connected',
      });
      const res = await bare.http().post('/api/v1/integrations/zoom/connect').set(auth(owner));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('zoom_not_configured');
      expect(bare.app.get(ZoomConnectionService).available).toBe(false);
    } finally {
      await bare.close();
    }
  });

  it('stores no Zoom token in plaintext in any table, and logs none of the secrets', async () => {
    const tables = (
      (await t.dataSource.query(
        t.dataSource.options.type === 'better-sqlite3'
          ? "SELECT name FROM sqlite_master WHERE type = 'table'"
          : 'SHOW TABLES',
      )) as Array<Record<string, string>>
    ).map((row) => Object.values(row)[0]!);
    expect(tables).toContain('zoom_credentials');
    const dump = JSON.stringify(await Promise.all(tables.map((name) => t.dataSource.query(`SELECT * FROM ${name}`))));
    const issued = zoom.allIssuedTokens();
    expect(issued.length).toBeGreaterThan(10);
    for (const token of issued) expect(dump).not.toContain(token);
    for (const app of allLogs) {
      for (const secret of [...issued, clientSecret, WEBHOOK_SECRET]) app.secrets.add(secret);
      expect(secretsInLogs(app)).toEqual([]);
    }
  });

  it('still deletes the connection when Zoom cannot be reached, saying revoked: false', async () => {
    const owner = await signupFirm(t);
    await connectZoom(t, owner, zoom, uniqueEmail('zoom'));
    await zoom.stop();
    const res = await t.http().delete('/api/v1/integrations/zoom').set(auth(owner));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'not_connected', revoked: false });
    await expect(credentialRows(t, owner.user.id)).resolves.toEqual([]);
  });
});
