import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { addMember, signupFirm, uniqueEmail, type StaffMember } from './factories/identity.factory.js';
import {
  APP_URL,
  beginConnect,
  CONNECT_COOKIE,
  returnToCallback,
  startZoom,
  zoomEnv,
  type ConnectFlow,
} from './factories/zoom.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { testDatabaseUrl } from './support/test-database.js';

const page = `${APP_URL}/account/settings/firm/integrations`;
const CALLBACK_PATH = '/api/v1/integrations/zoom/callback';

/**
 * Issue 10, item 1: a Connect flow can be finished only by the browser that started it. Before the
 * fix, anyone could start Connect, send the authorize URL to a lawyer, and the lawyer's approval at
 * Zoom linked the lawyer's Zoom account to the sender's user.
 */
describe('Zoom Connect is bound to the browser that started it (e2e, against the Zoom emulator)', () => {
  const databaseUrl = testDatabaseUrl();
  let zoom: ZoomEmulator;
  let clientSecret: string;
  let t: TestApp;
  const auth = (s: StaffMember) => ({ Authorization: `Bearer ${s.token}` });
  const card = async (s: StaffMember) => (await t.http().get('/api/v1/integrations/zoom').set(auth(s))).body;
  const pendingStates = async (userId: string) =>
    ((await t.dataSource.query('SELECT id FROM zoom_oauth_states WHERE userId = ?', [userId])) as unknown[]).length;
  const credentialRows = async (where: string, value: string) =>
    (await t.dataSource.query(`SELECT userId, zoomUserId FROM zoom_credentials WHERE ${where} = ?`, [value])) as Array<
      Record<string, unknown>
    >;
  const codeExchanges = () => zoom.tokenRequestsOf('authorization_code').length;
  /** A Zoom account signed in at the emulator, as the person approving the next consent. */
  const signedInAtZoom = (email = uniqueEmail('zoom')) => {
    zoom.addUser({ email });
    zoom.setSignedInUser(email);
    return email;
  };
  const connectCookieChange = (setCookie: string[]) => setCookie.find((c) => c.startsWith(`${CONNECT_COOKIE}=`));

  beforeAll(async () => {
    ({ zoom, clientSecret } = await startZoom());
    t = await createTestApp({ databaseUrl, env: zoomEnv(zoom, clientSecret) });
  });

  beforeEach(() => zoom.reset());

  afterAll(async () => {
    await t.close();
    await zoom.stop();
  });

  it('sets a ten-minute HttpOnly, SameSite=Lax cookie sent only to the callback', async () => {
    const owner = await signupFirm(t);
    const res = await t.http().post('/api/v1/integrations/zoom/connect').set(auth(owner));
    expect(res.status).toBe(200);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    const cookie = connectCookieChange(cookies)!;
    expect(cookie).toMatch(new RegExp(`^${CONNECT_COOKIE}=[A-Za-z0-9_-]{43};`));
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining(['max-age=600', `path=${CALLBACK_PATH}`, 'httponly', 'samesite=lax']),
    );
    expect(attributes).not.toContain('secure');
    // The value itself is never stored: only its hash, with the state.
    const value = cookie.split(';')[0]!.slice(CONNECT_COOKIE.length + 1);
    const dump = JSON.stringify(await t.dataSource.query('SELECT * FROM zoom_oauth_states'));
    expect(dump).not.toContain(value);
  });

  it('marks the cookie Secure when APP_URL is https', async () => {
    const secure = await createTestApp({
      databaseUrl,
      env: zoomEnv(zoom, clientSecret, { APP_URL: 'https://app.test' }),
    });
    try {
      const owner = await signupFirm(secure);
      const res = await secure.http().post('/api/v1/integrations/zoom/connect').set(auth(owner));
      const cookie = connectCookieChange(res.headers['set-cookie'] as unknown as string[])!;
      expect(cookie.split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
    } finally {
      await secure.close();
    }
  });

  it('refuses the owner’s flow from a browser without its cookie and from a colleague’s browser, then lets the owner’s browser finish it', async () => {
    const owner = await signupFirm(t);
    const colleague = await addMember(t, owner, ['team_settings']);
    const ownerZoom = signedInAtZoom();
    const flow = await beginConnect(t, owner);
    expect(flow.cookie).toEqual(expect.stringMatching(new RegExp(`^${CONNECT_COOKIE}=`)));

    // (1) A second browser, with no cookie at all, comes back with the owner's code and state.
    const noCookie = await returnToCallback(t, flow.callback);
    expect(noCookie.location).toBe(`${page}?zoom=error&reason=invalid_state`);
    expect(connectCookieChange(noCookie.setCookie)).toBeUndefined();
    expect(codeExchanges()).toBe(0);
    await expect(card(owner)).resolves.toMatchObject({ status: 'not_connected', accountEmail: null });
    await expect(pendingStates(owner.user.id)).resolves.toBe(1);

    // (2) A colleague who started their own Connect has a cookie, but another flow's.
    const colleagueZoom = signedInAtZoom();
    const colleagueFlow = await beginConnect(t, colleague);
    const colleagues = await returnToCallback(t, flow.callback, colleagueFlow.cookie);
    expect(colleagues.location).toBe(`${page}?zoom=error&reason=invalid_state`);
    expect(connectCookieChange(colleagues.setCookie)).toBeUndefined();
    expect(codeExchanges()).toBe(0);
    await expect(card(owner)).resolves.toMatchObject({ status: 'not_connected' });
    await expect(card(colleague)).resolves.toMatchObject({ status: 'not_connected' });
    await expect(pendingStates(owner.user.id)).resolves.toBe(1);

    // (3) The owner's own browser finishes the very same flow: connected, and its cookie is cleared.
    const own = await returnToCallback(t, flow.callback, flow.cookie);
    expect(own.location).toBe(`${page}?zoom=connected`);
    expect(connectCookieChange(own.setCookie)).toMatch(/^zoom_connect=;.*Expires=Thu, 01 Jan 1970/);
    expect(codeExchanges()).toBe(1);
    await expect(card(owner)).resolves.toMatchObject({ status: 'connected', accountEmail: ownerZoom });
    await expect(pendingStates(owner.user.id)).resolves.toBe(0);
    // The colleague's own flow was not touched: their browser can still finish it.
    await expect(returnToCallback(t, colleagueFlow.callback, colleagueFlow.cookie)).resolves.toMatchObject({
      location: `${page}?zoom=connected`,
    });
    await expect(card(colleague)).resolves.toMatchObject({ status: 'connected', accountEmail: colleagueZoom });
  });

  it('never links a lawyer’s Zoom account to someone who sent them a Connect link', async () => {
    // The sender starts Connect in a trial firm of their own and sends the authorize URL to a lawyer.
    const sender = await signupFirm(t);
    const lawyer = await signupFirm(t);
    const senderFlow = await beginConnect(t, sender);
    // The lawyer, signed in at Zoom as themselves, approves: Zoom sends the lawyer's browser back with a code for the lawyer's account.
    const lawyerZoom = signedInAtZoom(uniqueEmail('lawyer-zoom'));
    const consent = await fetch(senderFlow.authorizeUrl, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    expect(callback.searchParams.get('code')).toBeTruthy();
    // The lawyer's browser has no Connect cookie, or one of its own (a Connect the lawyer started earlier).
    const lawyerFlow = await beginConnect(t, lawyer);
    for (const cookie of [undefined, lawyerFlow.cookie]) {
      await expect(returnToCallback(t, callback, cookie)).resolves.toMatchObject({
        location: `${page}?zoom=error&reason=invalid_state`,
      });
    }
    expect(codeExchanges()).toBe(0);
    await expect(credentialRows('zoomUserId', zoom.getUser(lawyerZoom)!.id)).resolves.toEqual([]);
    await expect(card(sender)).resolves.toMatchObject({ status: 'not_connected' });
  });

  it('refuses a forged cookie, a cookie of an older flow of the same browser, and an expired flow', async () => {
    const owner = await signupFirm(t);
    signedInAtZoom();
    const older = await beginConnect(t, owner);
    const newer = await beginConnect(t, owner);

    const forged = `${CONNECT_COOKIE}=${randomBytes(32).toString('base64url')}`;
    await expect(returnToCallback(t, newer.callback, forged)).resolves.toMatchObject({
      location: `${page}?zoom=error&reason=invalid_state`,
    });
    // The newest flow in a browser wins: the older flow's cookie was replaced, and opens neither flow.
    await expect(returnToCallback(t, newer.callback, older.cookie)).resolves.toMatchObject({
      location: `${page}?zoom=error&reason=invalid_state`,
    });
    await expect(returnToCallback(t, older.callback, newer.cookie)).resolves.toMatchObject({
      location: `${page}?zoom=error&reason=invalid_state`,
    });
    const garbage: Array<string | undefined> = [
      `${CONNECT_COOKIE}=`,
      `${CONNECT_COOKIE}=short`,
      `${CONNECT_COOKIE}=${'x'.repeat(500)}`,
      'other=1',
    ];
    for (const cookie of garbage) {
      await expect(returnToCallback(t, newer.callback, cookie)).resolves.toMatchObject({
        location: `${page}?zoom=error&reason=invalid_state`,
      });
    }
    expect(codeExchanges()).toBe(0);
    await expect(pendingStates(owner.user.id)).resolves.toBe(2);

    // An expired flow is refused even from its own browser, which then forgets it.
    await t.dataSource.query('UPDATE zoom_oauth_states SET expiresAt = createdAt WHERE userId = ?', [owner.user.id]);
    const expired = await returnToCallback(t, newer.callback, newer.cookie);
    expect(expired.location).toBe(`${page}?zoom=error&reason=invalid_state`);
    expect(connectCookieChange(expired.setCookie)).toMatch(/^zoom_connect=;/);
    expect(codeExchanges()).toBe(0);
    await expect(card(owner)).resolves.toMatchObject({ status: 'not_connected' });
  });

  it('lets an error callback spend the state only in the browser that started the flow', async () => {
    const owner = await signupFirm(t);
    signedInAtZoom();
    zoom.setConsent('deny');
    const denied: ConnectFlow = await beginConnect(t, owner);
    expect(denied.callback.searchParams.get('error')).toBe('access_denied');

    const stranger = await returnToCallback(t, denied.callback);
    expect(stranger.location).toBe(`${page}?zoom=error&reason=invalid_state`);
    await expect(pendingStates(owner.user.id)).resolves.toBe(1);

    const own = await returnToCallback(t, denied.callback, denied.cookie);
    expect(own.location).toBe(`${page}?zoom=error&reason=access_denied`);
    expect(connectCookieChange(own.setCookie)).toMatch(/^zoom_connect=;/);
    await expect(pendingStates(owner.user.id)).resolves.toBe(0);
    // Spent: the same callback again is refused.
    await expect(returnToCallback(t, denied.callback, denied.cookie)).resolves.toMatchObject({
      location: `${page}?zoom=error&reason=invalid_state`,
    });
    expect(codeExchanges()).toBe(0);
  });
});
