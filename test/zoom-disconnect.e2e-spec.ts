import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { signupFirm, uniqueEmail, type StaffMember } from './factories/identity.factory.js';
import { connectZoom, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { testDatabaseUrl } from './support/test-database.js';

const KEY_1 = Buffer.alloc(32, 1).toString('base64');
const KEY_2 = Buffer.alloc(32, 2).toString('base64');

async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Issue 10, item 7: disconnect revokes at Zoom before it deletes, and always deletes. */
describe('Zoom disconnect (e2e, against the Zoom emulator)', () => {
  const databaseUrl = testDatabaseUrl();
  let zoom: ZoomEmulator;
  let clientSecret: string;
  let t: TestApp;
  const boot = (key = KEY_1) =>
    createTestApp({ databaseUrl, env: zoomEnv(zoom, clientSecret, { ENCRYPTION_KEY: key }) });
  const auth = (s: StaffMember) => ({ Authorization: `Bearer ${s.token}` });
  const disconnect = (s: StaffMember, app = t) =>
    app
      .http()
      .delete('/api/v1/integrations/zoom')
      .set(auth(s))
      .then((r) => r);
  const credentialRows = async (userId: string) =>
    (await t.dataSource.query('SELECT id, status FROM zoom_credentials WHERE userId = ?', [userId])) as Array<
      Record<string, unknown>
    >;
  const revokesAtZoom = () => zoom.requestLog.filter((r) => r.route === 'revoke').length;
  const connected = async (): Promise<StaffMember & { zoomEmail: string }> => {
    const staff = await signupFirm(t);
    const zoomEmail = uniqueEmail('host');
    await connectZoom(t, staff, zoom, zoomEmail);
    return { ...staff, zoomEmail };
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

  it('revokes at Zoom while the connection is still stored, then deletes it', async () => {
    const owner = await connected();
    zoom.setDelay('revoke', 1_000);
    const answer = disconnect(owner);
    await waitFor('Zoom to hold the revoke', () => zoom.heldRequests === 1);
    // Zoom is revoking: the stored connection is still there.
    await expect(credentialRows(owner.user.id)).resolves.toEqual([expect.objectContaining({ status: 'connected' })]);
    await expect(answer).resolves.toMatchObject({ status: 200, body: { status: 'not_connected', revoked: true } });
    expect(zoom.counts.revokes).toBe(1);
    await expect(credentialRows(owner.user.id)).resolves.toEqual([]);
    await expect(t.http().get('/api/v1/integrations/zoom').set(auth(owner))).resolves.toMatchObject({
      body: { status: 'not_connected', accountEmail: null },
    });
  });

  it('deletes with revoked: false when Zoom refuses or cannot be reached', async () => {
    const refused = await connected();
    zoom.failNext('revoke', 1, { status: 500 });
    await expect(disconnect(refused)).resolves.toMatchObject({
      status: 200,
      body: { status: 'not_connected', revoked: false },
    });
    await expect(credentialRows(refused.user.id)).resolves.toEqual([]);

    const unreachable = await connected();
    await zoom.stop();
    try {
      await expect(disconnect(unreachable)).resolves.toMatchObject({
        status: 200,
        body: { status: 'not_connected', revoked: false },
      });
      await expect(credentialRows(unreachable.user.id)).resolves.toEqual([]);
    } finally {
      await zoom.start();
    }
  });

  it('deletes a credential whose sealed token is corrupt, with revoked: false, not a 500', async () => {
    const owner = await connected();
    await t.dataSource.query('UPDATE zoom_credentials SET refreshTokenSealed = ? WHERE userId = ?', [
      'v1.AAAAAAAA.bm90.YS10YWc.Y29ycnVwdA',
      owner.user.id,
    ]);
    const res = await disconnect(owner);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'not_connected', revoked: false });
    expect(revokesAtZoom()).toBe(0);
    await expect(credentialRows(owner.user.id)).resolves.toEqual([]);
  });

  it('deletes a credential sealed under a key rotated away, with revoked: false, not a 500', async () => {
    const owner = await connected();
    const rotated = await boot(KEY_2);
    try {
      const res = await disconnect(owner, rotated);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'not_connected', revoked: false });
      expect(revokesAtZoom()).toBe(0);
      await expect(credentialRows(owner.user.id)).resolves.toEqual([]);
    } finally {
      await rotated.close();
    }
  });

  it('answers a meeting request whose stored tokens no longer open (keys rotated away) with zoom_reconnect_needed, not a 500, and changes nothing', async () => {
    const owner = await connected();
    const tokenCalls = () => zoom.requestLog.filter((r) => r.route === 'token').length;
    const before = tokenCalls();
    const rotated = await boot(KEY_2);
    try {
      const res = await rotated
        .http()
        .post('/api/v1/integrations/zoom/meetings')
        .set(auth(owner))
        .send({ title: 'Intake call', startsAt: '2030-01-15T10:00:00-05:00', timezone: 'America/New_York' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'zoom_reconnect_needed' });
      expect(tokenCalls()).toBe(before);
      // A key mistake is the operator's to fix: the connection is not marked dead, nobody is emailed.
      await expect(credentialRows(owner.user.id)).resolves.toEqual([expect.objectContaining({ status: 'connected' })]);
      // Nest's static Logger writes through the first app of the process, so both captures are searched.
      expect(rotated.logs.text + t.logs.text).toContain('cannot be opened with the configured keys');
    } finally {
      await rotated.close();
    }
  });

  it('deletes a reconnect_needed connection without calling Zoom, and answers the same when nothing is connected', async () => {
    const owner = await connected();
    await t.dataSource.query(
      "UPDATE zoom_credentials SET status = 'reconnect_needed', refreshTokenSealed = NULL, keyId = NULL WHERE userId = ?",
      [owner.user.id],
    );
    await expect(disconnect(owner)).resolves.toMatchObject({
      status: 200,
      body: { status: 'not_connected', revoked: false },
    });
    await expect(credentialRows(owner.user.id)).resolves.toEqual([]);
    await expect(disconnect(owner)).resolves.toMatchObject({
      status: 200,
      body: { status: 'not_connected', revoked: false },
    });
    expect(revokesAtZoom()).toBe(0);
  });
});
