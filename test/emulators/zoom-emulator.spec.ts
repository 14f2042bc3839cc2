import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ZoomEmulator } from './zoom-emulator.js';

const CLIENT_ID = 'cid';
const CLIENT_SECRET = 'secret';
const REDIRECT_URI = 'http://127.0.0.1:9999/zoom/callback';

describe('ZoomEmulator', () => {
  const zoom = new ZoomEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  let userCounter = 0;

  beforeAll(async () => {
    await zoom.start();
  });

  afterAll(async () => {
    await zoom.stop();
  });

  beforeEach(() => {
    zoom.reset();
  });

  const basic = (id = CLIENT_ID, secret = CLIENT_SECRET) =>
    'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  async function authorize(challenge?: string, state = 'st-1'): Promise<URL> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      state,
    });
    if (challenge) {
      query.set('code_challenge', challenge);
      query.set('code_challenge_method', 'S256');
    }
    const res = await fetch(`${zoom.baseUrl}/oauth/authorize?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  function postForm(path: string, form: Record<string, string>, authorization = basic()): Promise<Response> {
    return fetch(`${zoom.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }

  function exchange(code: string, verifier?: string): Promise<Response> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI };
    if (verifier) form.code_verifier = verifier;
    return postForm('/oauth/token', form);
  }

  const refresh = (refreshToken: string) =>
    postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken });

  const usersMe = (accessToken: string) =>
    fetch(`${zoom.apiBaseUrl}/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });

  function createMeeting(accessToken: string, body: unknown): Promise<Response> {
    return fetch(`${zoom.apiBaseUrl}/users/me/meetings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  const validMeeting = { topic: 'Consultation', type: 2, start_time: '2026-05-01T15:00:00Z', duration: 30 };

  /** Signs a fresh user in and walks the full PKCE flow; returns the tokens. */
  async function connect(type: 1 | 2 = 2): Promise<{ email: string; access: string; refresh: string }> {
    const email = `user${++userCounter}@example.com`;
    zoom.addUser({ email, firstName: 'Ann', lastName: 'Lee', type });
    zoom.setSignedInUser(email);
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).searchParams.get('code') ?? '';
    const body = (await (await exchange(code, verifier)).json()) as { access_token: string; refresh_token: string };
    return { email, access: body.access_token, refresh: body.refresh_token };
  }

  it('runs authorize → token (PKCE S256) → users/me → meeting create', async () => {
    const user = zoom.addUser({ email: 'flow@example.com', firstName: 'Flo', lastName: 'W' });
    expect(user.id).toMatch(/^[A-Za-z0-9]{22}$/);
    zoom.setSignedInUser('flow@example.com');
    const { verifier, challenge } = pkce();

    const redirect = await authorize(challenge, 'xyz');
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('xyz');
    const code = redirect.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expect(zoom.authorizeRequests.at(-1)).toMatchObject({ client_id: CLIENT_ID, code_challenge_method: 'S256' });
    expect(zoom.authorizeRequests.at(-1)).not.toHaveProperty('scope');

    const tokenRes = await exchange(code, verifier);
    expect(tokenRes.status).toBe(200);
    expect(tokenRes.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const tokens = (await tokenRes.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3599, api_url: zoom.baseUrl });
    expect(tokens.scope).toBe('meeting:write:meeting user:read:user');
    expect(String(tokens.access_token)).toMatch(/^eyJ/);
    expect(zoom.allIssuedTokens()).toEqual(expect.arrayContaining([tokens.access_token, tokens.refresh_token]));
    expect(zoom.liveRefreshTokens()).toContain(tokens.refresh_token);

    const me = await usersMe(String(tokens.access_token));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(user);

    const meetingRes = await createMeeting(String(tokens.access_token), { ...validMeeting, agenda: 'Intro' });
    expect(meetingRes.status).toBe(201);
    const meeting = (await meetingRes.json()) as Record<string, unknown>;
    expect(String(meeting.id)).toMatch(/^\d{11}$/);
    expect(meeting).toMatchObject({
      host_id: user.id,
      host_email: 'flow@example.com',
      topic: 'Consultation',
      type: 2,
      status: 'waiting',
      start_time: '2026-05-01T15:00:00Z',
      duration: 30,
      agenda: 'Intro',
    });
    expect(String(meeting.start_url)).toMatch(new RegExp(`^https://zoom\\.us/s/${meeting.id}\\?zak=`));
    expect(String(meeting.join_url)).toMatch(new RegExp(`^https://zoom\\.us/j/${meeting.id}\\?pwd=`));
    expect(String(meeting.password)).toMatch(/^.{6,10}$/);
    expect(zoom.issuedStartUrls()).toContain(meeting.start_url);
    expect(zoom.meetings.at(-1)?.requestBody).toEqual({ ...validMeeting, agenda: 'Intro' });
    expect(zoom.meetingsFor('flow@example.com')).toBe(1);
    expect(zoom.counts).toMatchObject({ codeExchanges: 1, usersMe: 1, meetingsByUser: { 'flow@example.com': 1 } });
  });

  it('rejects an unknown client_id at authorize and redirects with access_denied on deny', async () => {
    const bad = await fetch(
      `${zoom.baseUrl}/oauth/authorize?response_type=code&client_id=nope&redirect_uri=${REDIRECT_URI}`,
      {
        redirect: 'manual',
      },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ reason: 'Invalid client_id', error: 'invalid_request' });

    zoom.setConsent('deny');
    const denied = await authorize(undefined, 'st-9');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-9');
    expect(denied.searchParams.has('code')).toBe(false);
  });

  describe('consent page', () => {
    const authorizeQuery = (challenge?: string, state = 'st-page') => {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        state,
      });
      if (challenge) {
        query.set('code_challenge', challenge);
        query.set('code_challenge_method', 'S256');
      }
      return query;
    };
    /** The page's form fields, as a browser would post them (hidden inputs, the email, the button pressed). */
    const formFields = (html: string): Record<string, string> =>
      Object.fromEntries(
        [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
          m[1]!,
          m[2]!.replace(/&#38;/g, '&'),
        ]),
      );
    const decide = (fields: Record<string, string>) =>
      fetch(`${zoom.baseUrl}/oauth/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
        body: new URLSearchParams(fields),
      });

    it('shows a page to a browser (Accept: text/html), prefilled with the signed-in user, with Allow and Deny', async () => {
      zoom.addUser({ email: 'page.user@example.com' });
      zoom.setSignedInUser('page.user@example.com');
      const res = await fetch(`${zoom.baseUrl}/oauth/authorize?${authorizeQuery()}`, {
        headers: { Accept: 'text/html,application/xhtml+xml' },
        redirect: 'manual',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('value="page.user@example.com"');
      expect(html).toMatch(/<button type="submit" name="decision" value="allow">Allow<\/button>/);
      expect(html).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
      expect(html).toContain('<form method="post" action="/oauth/authorize">');
    });

    it('keeps the automatic answer for fetch and curl (Accept: */*), unless consentPage is on', async () => {
      const res = await fetch(`${zoom.baseUrl}/oauth/authorize?${authorizeQuery()}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      zoom.setConsentPage(true);
      try {
        const page = await fetch(`${zoom.baseUrl}/oauth/authorize?${authorizeQuery()}`, { redirect: 'manual' });
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('Allow');
      } finally {
        zoom.setConsentPage(false);
      }
    });

    it('Allow signs in as the email typed (a new user is created) and redirects with a code for that user and the state', async () => {
      const { verifier, challenge } = pkce();
      const html = await (
        await fetch(`${zoom.baseUrl}/oauth/authorize?${authorizeQuery(challenge, 'st-&-allow')}`, {
          headers: { Accept: 'text/html' },
        })
      ).text();
      const res = await decide({ ...formFields(html), email: 'typed.person@example.com', decision: 'allow' });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('state')).toBe('st-&-allow');
      const code = location.searchParams.get('code') ?? '';
      const tokens = (await (await exchange(code, verifier)).json()) as { access_token: string };
      const me = (await (await usersMe(tokens.access_token)).json()) as { email: string };
      expect(me.email).toBe('typed.person@example.com');
      expect(zoom.getUser('typed.person@example.com')).toBeDefined();
    });

    it('Deny redirects with error=access_denied and the state, and no code', async () => {
      const html = await (
        await fetch(`${zoom.baseUrl}/oauth/authorize?${authorizeQuery(undefined, 'st-deny')}`, {
          headers: { Accept: 'text/html' },
        })
      ).text();
      const res = await decide({ ...formFields(html), email: '', decision: 'deny' });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('state')).toBe('st-deny');
      expect(location.searchParams.has('code')).toBe(false);
    });

    it('refuses a posted decision whose parameters are not a valid authorize request', async () => {
      const res = await decide({
        client_id: 'nope',
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        decision: 'allow',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ reason: 'Invalid client_id', error: 'invalid_request' });
    });

    it('answers tests in another process: meetings per user, and a silent grant revoke', async () => {
      const { email, access, refresh: refreshToken } = await connect();
      await createMeeting(access, validMeeting);
      const report = (await (
        await fetch(`${zoom.baseUrl}/_emulator/meetings?email=${encodeURIComponent(email)}`)
      ).json()) as { count: number };
      expect(report.count).toBe(1);
      const revoked = await fetch(`${zoom.baseUrl}/_emulator/revoke-grant?email=${encodeURIComponent(email)}`, {
        method: 'POST',
      });
      expect(revoked.status).toBe(200);
      expect((await usersMe(access)).status).toBe(401);
      expect(zoom.liveRefreshTokens()).not.toContain(refreshToken);
    });
  });

  it('kills an authorization code after one use', async () => {
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).searchParams.get('code') ?? '';
    expect((await exchange(code, verifier)).status).toBe(200);
    const reuse = await exchange(code, verifier);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ reason: `Invalid authorization code ${code}`, error: 'invalid_grant' });
  });

  it('rejects a PKCE mismatch or a missing verifier', async () => {
    const { challenge } = pkce();
    const code = (await authorize(challenge)).searchParams.get('code') ?? '';
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ reason: 'Invalid code_verifier', error: 'invalid_grant' });

    const code2 = (await authorize(challenge)).searchParams.get('code') ?? '';
    const missing = await exchange(code2);
    expect(await missing.json()).toEqual({ reason: 'Invalid code_verifier', error: 'invalid_grant' });
    expect(zoom.counts.codeExchanges).toBe(0);
  });

  it('rejects a redirect_uri mismatch', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const res = await postForm('/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://evil/cb',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ reason: 'Invalid redirect uri.', error: 'invalid_grant' });
  });

  it('rotates refresh tokens and kills the previous one at once', async () => {
    const { access, refresh: firstRefresh } = await connect();
    const res = await refresh(firstRefresh);
    expect(res.status).toBe(200);
    const next = (await res.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(firstRefresh);
    expect(next.access_token).not.toBe(access);

    const old = await refresh(firstRefresh);
    expect(old.status).toBe(400);
    expect(await old.json()).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
    expect(zoom.liveRefreshTokens()).toContain(next.refresh_token);
    expect(zoom.liveRefreshTokens()).not.toContain(firstRefresh);
    expect((await usersMe(next.access_token)).status).toBe(200);
    expect(zoom.counts.refreshes).toBe(1);
  });

  it('answers 401 invalid_client for bad or missing client credentials', async () => {
    const { refresh: refreshToken } = await connect();
    const body = { reason: 'Invalid client_id or client_secret', error: 'invalid_client' };
    const wrongSecret = await postForm(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic(CLIENT_ID, 'x'),
    );
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual(body);
    const none = await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, '');
    expect(none.status).toBe(401);
    const revoke = await postForm('/oauth/revoke', { token: refreshToken }, basic('other', CLIENT_SECRET));
    expect(revoke.status).toBe(401);
    expect(await revoke.json()).toEqual(body);
    expect(zoom.tokenRequests).toBe(3);
  });

  it('rejects an unsupported grant type', async () => {
    const res = await postForm('/oauth/token', { grant_type: 'password' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
  });

  it('revoke kills the whole grant', async () => {
    const { access, refresh: refreshToken } = await connect();
    const res = await postForm('/oauth/revoke', { token: access });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'success' });
    expect(zoom.counts.revokes).toBe(1);

    expect(await (await refresh(refreshToken)).json()).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
    const me = await usersMe(access);
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ code: 124, message: 'Invalid access token.' });

    const again = await postForm('/oauth/revoke', { token: refreshToken });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ reason: 'Invalid Token', error: 'invalid_request' });
  });

  it('revokeGrantSilently kills every token of the user', async () => {
    const { email, access, refresh: refreshToken } = await connect();
    zoom.revokeGrantSilently(email);
    expect((await refresh(refreshToken)).status).toBe(400);
    expect(await (await usersMe(access)).json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect(zoom.liveRefreshTokens()).not.toContain(refreshToken);
  });

  it('expireAccessTokens makes the API answer 124 while refresh still works', async () => {
    const { email, access, refresh: refreshToken } = await connect();
    const other = await connect();
    zoom.expireAccessTokens(email);
    expect((await usersMe(access)).status).toBe(401);
    expect((await usersMe(other.access)).status).toBe(200);
    const renewed = (await (await refresh(refreshToken)).json()) as { access_token: string };
    expect((await usersMe(renewed.access_token)).status).toBe(200);
    zoom.expireAccessTokens();
    expect((await usersMe(other.access)).status).toBe(401);
  });

  it('honours setAccessTokenTtl', async () => {
    zoom.setAccessTokenTtl(60);
    const { refresh: refreshToken } = await connect();
    expect(((await (await refresh(refreshToken)).json()) as { expires_in: number }).expires_in).toBe(60);
  });

  it('answers 124 for missing tokens and 404 for unknown routes', async () => {
    const { access } = await connect();
    const missing = await fetch(`${zoom.apiBaseUrl}/users/me`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect((await fetch(`${zoom.apiBaseUrl}/webinars`)).status).toBe(401);
    const unknown = await fetch(`${zoom.apiBaseUrl}/webinars`, { headers: { Authorization: `Bearer ${access}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 404, message: 'Not Found' });
  });

  describe('failNext', () => {
    it('answers 500, then recovers', async () => {
      const { access } = await connect();
      zoom.failNext('users/me', 1, { status: 500 });
      const failed = await usersMe(access);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ code: 500, message: 'Internal Server Error' });
      expect((await usersMe(access)).status).toBe(200);
    });

    it('answers 429 with Retry-After', async () => {
      const { refresh: refreshToken } = await connect();
      zoom.failNext('token', 2, { status: 429, retryAfterSeconds: 7 });
      for (let i = 0; i < 2; i++) {
        const res = await refresh(refreshToken);
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('7');
        expect(await res.json()).toEqual({
          code: 429,
          message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
        });
      }
      expect((await refresh(refreshToken)).status).toBe(200);
    });

    it('answers 401 code 124', async () => {
      const { access } = await connect();
      zoom.failNext('meetings', 1, { status: 401, code: 124 });
      const res = await createMeeting(access, validMeeting);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 124, message: 'Invalid access token.' });
      expect(zoom.meetings).toHaveLength(0);
    });

    it('answers a non-JSON 502', async () => {
      const { access } = await connect();
      zoom.failNext('revoke', 1, { nonJson: true });
      const res = await postForm('/oauth/revoke', { token: access });
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toBe('<html><body>Bad Gateway</body></html>');
      expect((await postForm('/oauth/revoke', { token: access })).status).toBe(200);
    });

    it('delays, then answers normally; faults are consumed in order', async () => {
      const { access } = await connect();
      zoom.failNext('users/me', 1, { delayMs: 150 });
      zoom.failNext('users/me', 1, { status: 500 });
      const started = Date.now();
      expect((await usersMe(access)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect((await usersMe(access)).status).toBe(500);
      expect((await usersMe(access)).status).toBe(200);
    });

    it('setDelay applies to every call until set to 0', async () => {
      const { access } = await connect();
      zoom.setDelay('users/me', 100);
      for (let i = 0; i < 2; i++) {
        const started = Date.now();
        expect((await usersMe(access)).status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      }
      zoom.setDelay('users/me', 0);
      expect((await usersMe(access)).status).toBe(200);
    });
  });

  it('stop() cancels pending delays so nothing keeps the process alive', async () => {
    const local = new ZoomEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    await local.start();
    local.setDelay('token', 60_000);
    const pending = fetch(`${local.baseUrl}/oauth/token`, { method: 'POST' }).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await local.stop();
    // The error comes from another realm inside jest, so match its text rather than its class.
    expect(String(await pending)).toMatch(/fetch failed/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  describe('meeting creation', () => {
    it('enforces the daily per-user limit with Retry-After until 00:00 UTC', async () => {
      const { email, access } = await connect();
      zoom.setDailyMeetingLimit(2);
      expect((await createMeeting(access, validMeeting)).status).toBe(201);
      expect((await createMeeting(access, validMeeting)).status).toBe(201);
      const limited = await createMeeting(access, validMeeting);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-ratelimit-type')).toBe('Daily-limit');
      const now = new Date();
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Math.abs(retryAfter - (midnight - now.getTime()) / 1000)).toBeLessThan(5);
      expect(((await limited.json()) as { code: number; message: string }).message).toContain('daily rate limit (2)');
      expect(zoom.meetingsFor(email)).toBe(2);
      expect(zoom.counts.meetingsByUser[email]).toBe(2);
    });

    it('answers 3161 for a user who cannot host', async () => {
      const { email, access } = await connect(1);
      zoom.setCannotHost(email, true);
      const res = await createMeeting(access, validMeeting);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 3161,
        message: 'Your user account is not allowed meeting hosting and scheduling capabilities.',
      });
      zoom.setCannotHost(email, false);
      expect((await createMeeting(access, validMeeting)).status).toBe(201);
    });

    it('rejects a 201-character topic and other invalid fields with code 300', async () => {
      const { access } = await connect();
      const res = await createMeeting(access, { ...validMeeting, topic: 'x'.repeat(201) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: number; message: string; errors: { field: string }[] };
      expect(body).toMatchObject({ code: 300, message: 'Validation Failed.' });
      expect(body.errors.map((e) => e.field)).toEqual(['topic']);
      expect((await createMeeting(access, { ...validMeeting, topic: 'x'.repeat(200) })).status).toBe(201);

      const many = await createMeeting(access, {
        ...validMeeting,
        agenda: 'a'.repeat(2001),
        duration: 0,
        timezone: 'Mars/Olympus',
        start_time: '2026-02-30T10:00:00Z',
      });
      const fields = ((await many.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
      expect(fields.sort()).toEqual(['agenda', 'duration', 'start_time', 'timezone']);

      const badJson = await createMeeting(access, '{not json');
      expect(badJson.status).toBe(400);
      expect(await badJson.json()).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
    });

    it('converts a local start_time in its timezone to UTC (after the DST switch)', async () => {
      const { access } = await connect();
      const res = await createMeeting(access, {
        ...validMeeting,
        start_time: '2026-03-08T10:00:00',
        timezone: 'America/New_York',
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ start_time: '2026-03-08T14:00:00Z', timezone: 'America/New_York' });

      const winter = await createMeeting(access, {
        ...validMeeting,
        start_time: '2026-03-07T10:00:00',
        timezone: 'America/New_York',
      });
      expect(((await winter.json()) as { start_time: string }).start_time).toBe('2026-03-07T15:00:00Z');
    });
  });
});
