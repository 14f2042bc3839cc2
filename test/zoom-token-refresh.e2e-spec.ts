import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { ZoomApiClient } from '../src/integrations/zoom/zoom-api.client.js';
import { ZoomTokenService } from '../src/integrations/zoom/zoom-token.service.js';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import {
  createCase,
  createClient,
  login,
  signupFirm,
  uniqueEmail,
  type StaffMember,
} from './factories/identity.factory.js';
import { createEvent } from './factories/case-events.factory.js';
import { beginConnect, connectZoom, followCallback, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { testDatabaseUrl } from './support/test-database.js';

/**
 * How long Zoom holds the slow call. Everything else must be answered while Zoom still holds it: an
 * order, not a time, so a busy machine cannot fail the test (before, a write waited for Zoom's answer).
 */
const ZOOM_HOLD_MS = 4_000; // under the revoke's 5 s wait

async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

/**
 * No transaction, and no pooled connection, is held while Zoom is called: a slow Zoom must never
 * slow the rest of the API. And a refresh stays single-flight across app instances.
 */
describe('Zoom calls hold no database transaction (e2e, against a slow Zoom emulator)', () => {
  const databaseUrl = testDatabaseUrl();
  let zoom: ZoomEmulator;
  let clientSecret: string;
  let t: TestApp;
  const boot = () => createTestApp({ databaseUrl, env: zoomEnv(zoom, clientSecret) });
  const auth = (s: StaffMember) => ({ Authorization: `Bearer ${s.token}` });
  const card = async (app: TestApp, s: StaffMember) =>
    (await app.http().get('/api/v1/integrations/zoom').set(auth(s))).body;
  const connected = async (): Promise<StaffMember & { zoomEmail: string }> => {
    const staff = await signupFirm(t);
    const zoomEmail = uniqueEmail('host');
    await connectZoom(t, staff, zoom, zoomEmail);
    return { ...staff, zoomEmail };
  };
  /** Other API writes and reads, timed while Zoom holds something. */
  const otherRequests = async (staff: StaffMember) => ({
    createClient: await timed(() => createClient(t, staff, { portalPassword: undefined })),
    login: await timed(() => login(t, staff.email, staff.password)),
    me: await timed(async () => expect((await t.http().get('/api/v1/me').set(auth(staff))).status).toBe(200)),
  });
  /** The other requests were all answered while Zoom still held every slow call. */
  const expectAnsweredWhileZoomHolds = (figures: Record<string, number>, held: number) => {
    if (process.env.SHOW_FIGURES) console.log(expect.getState().currentTestName, figures);
    expect(zoom.heldRequests).toBe(held);
  };

  beforeAll(async () => {
    ({ zoom, clientSecret } = await startZoom());
    t = await boot();
  });

  beforeEach(() => zoom.reset());

  afterAll(async () => {
    await t.close();
    await zoom.stop();
  });

  it('answers other writes while one refresh is held at Zoom', async () => {
    const owner = await connected();
    const other = await signupFirm(t);
    zoom.setDelay('token', ZOOM_HOLD_MS);
    const refresh = t.app.get(ZoomTokenService).refreshNow(owner.user.id);
    await waitFor('Zoom to hold the refresh', () => zoom.heldRequests === 1);
    expectAnsweredWhileZoomHolds(await otherRequests(other), 1);
    await expect(refresh).resolves.toEqual(expect.any(String));
    expect(zoom.counts.refreshes).toBe(1);
  });

  it('does not stall the API while ten users’ refreshes are held at Zoom at once', async () => {
    const hosts: StaffMember[] = [];
    for (let i = 0; i < 10; i++) hosts.push(await connected());
    const other = await signupFirm(t);
    zoom.reset();
    zoom.setDelay('token', ZOOM_HOLD_MS);
    const tokens = t.app.get(ZoomTokenService);
    const refreshes = Promise.allSettled(hosts.map((host) => tokens.refreshNow(host.user.id)));
    await waitFor('Zoom to hold all ten refreshes', () => zoom.heldRequests === 10);
    expectAnsweredWhileZoomHolds(await otherRequests(other), 10);
    const settled = await refreshes;
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(zoom.counts.refreshes).toBe(10);
  }, 120_000);

  it('answers other writes while Zoom holds a code exchange, a meeting creation and a revoke', async () => {
    const host = await connected();
    const other = await signupFirm(t);
    const client = await createClient(t, host);
    const caseId = (await createCase(t, host, [client.id], [host.user.id])).id;
    const event = await createEvent(t, host, caseId, { title: 'Held at Zoom' });

    const connecting = await signupFirm(t);
    const zoomEmail = uniqueEmail('host');
    zoom.addUser({ email: zoomEmail });
    zoom.setSignedInUser(zoomEmail);
    const flow = await beginConnect(t, connecting);
    zoom.setDelay('token', ZOOM_HOLD_MS);
    const callback = followCallback(t, flow.callback, flow.cookie);
    await waitFor('Zoom to hold the code exchange', () => zoom.heldRequests === 1);
    expectAnsweredWhileZoomHolds(await otherRequests(other), 1);
    await expect(callback).resolves.toMatch(/\?zoom=connected$/);
    zoom.setDelay('token', 0);

    zoom.setDelay('meetings', ZOOM_HOLD_MS);
    const formMeeting = t
      .http()
      .post('/api/v1/integrations/zoom/meetings')
      .set(auth(host))
      .send({ title: 'Held', startsAt: '2026-12-01T15:00:00-05:00', timezone: 'America/New_York' })
      .then((r) => r);
    const eventMeeting = t
      .http()
      .post(`/api/v1/events/${event.id}/zoom-meeting`)
      .set(auth(host))
      .then((r) => r);
    await waitFor('Zoom to hold both meeting creations', () => zoom.heldRequests === 2);
    expectAnsweredWhileZoomHolds(await otherRequests(other), 2);
    await expect(formMeeting).resolves.toMatchObject({ status: 201 });
    await expect(eventMeeting).resolves.toMatchObject({ status: 201 });
    zoom.setDelay('meetings', 0);

    zoom.setDelay('revoke', ZOOM_HOLD_MS);
    const disconnect = t
      .http()
      .delete('/api/v1/integrations/zoom')
      .set(auth(host))
      .then((r) => r);
    await waitFor('Zoom to hold the revoke', () => zoom.heldRequests === 1);
    expectAnsweredWhileZoomHolds(await otherRequests(other), 1);
    await expect(disconnect).resolves.toMatchObject({ status: 200, body: { status: 'not_connected', revoked: true } });
  }, 60_000);

  // On SQLite both instances share one file (and, in this test process, one thread): it passes only
  // because no instance keeps a write transaction open across an await of Zoom any more.
  it('lets exactly one of two app instances racing a refresh call Zoom; both get a working token', async () => {
    const owner = await connected();
    const a = await boot();
    const b = await boot();
    try {
      // The access tokens both instances could use are dead at Zoom (124): each must get a fresh one.
      zoom.expireAccessTokens(owner.zoomEmail);
      zoom.setDelay('token', 1_000);
      const use = (app: TestApp) =>
        app.app
          .get(ZoomTokenService)
          .withAccessToken(owner.user.id, (token) => app.app.get(ZoomApiClient).getMe(token));
      const results = await Promise.allSettled([a, b, a, b, a, b].map(use));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value.email : null))).toEqual(
        Array(6).fill(owner.zoomEmail),
      );
      expect(zoom.tokenRequestsOf('refresh_token')).toHaveLength(1);
      await expect(card(t, owner)).resolves.toMatchObject({ status: 'connected' });
      zoom.setDelay('token', 0);
      // The token they share is the one stored: the next use in either instance needs no refresh.
      await expect(use(b)).resolves.toMatchObject({ email: owner.zoomEmail });
      expect(zoom.tokenRequestsOf('refresh_token')).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('takes over the lease of an instance that died mid-refresh once it ends', async () => {
    const owner = await connected();
    const fresh = await boot();
    try {
      const until = new Date(Date.now() + 1_500);
      await t.dataSource.query(
        'UPDATE zoom_credentials SET refreshLeaseId = ?, refreshLeaseUntil = ?, accessTokenExpiresAt = ? WHERE userId = ?',
        ['a-process-that-died', dateParam(t, until), dateParam(t, new Date(Date.now() - 1_000)), owner.user.id],
      );
      const started = Date.now();
      await expect(fresh.app.get(ZoomTokenService).accessToken(owner.user.id)).resolves.toEqual(expect.any(String));
      expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(zoom.counts.refreshes).toBe(1);
      const [row] = (await t.dataSource.query('SELECT refreshLeaseId, status FROM zoom_credentials WHERE userId = ?', [
        owner.user.id,
      ])) as Array<Record<string, unknown>>;
      expect(row).toEqual({ refreshLeaseId: null, status: 'connected' });
    } finally {
      await fresh.close();
    }
  });

  it('is not reconnect_needed when Zoom refuses a token that a reconnect replaced meanwhile: the new one is used', async () => {
    const owner = await connected();
    // The old grant dies at Zoom, and its refresh is held while the staff member reconnects.
    zoom.revokeGrantSilently(owner.zoomEmail);
    zoom.failNext('token', 1, { delayMs: 1_500 });
    const refresh = t.app.get(ZoomTokenService).refreshNow(owner.user.id);
    await waitFor('Zoom to hold the refresh', () => zoom.heldRequests === 1);
    await expect(connectZoom(t, owner, zoom, owner.zoomEmail)).resolves.toMatchObject({
      finalLocation: expect.stringMatching(/\?zoom=connected$/),
    });
    const token = await refresh;
    await expect(t.app.get(ZoomApiClient).getMe(token)).resolves.toMatchObject({ email: owner.zoomEmail });
    await expect(card(t, owner)).resolves.toMatchObject({ status: 'connected' });
    const notices = (await t.dataSource.query(
      "SELECT id FROM deliveries WHERE kind = 'zoom_reconnect_needed' AND firmId = ?",
      [owner.user.firmId],
    )) as unknown[];
    expect(notices).toEqual([]);
  });
});

/** A Date as each driver stores datetime(3) (SQLite keeps TypeORM's UTC text). */
function dateParam(t: TestApp, date: Date): string | Date {
  return t.dataSource.options.type === 'better-sqlite3' ? date.toISOString().replace('T', ' ').replace('Z', '') : date;
}
