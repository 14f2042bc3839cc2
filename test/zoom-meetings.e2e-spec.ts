import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FirmsService } from '../src/identity/firms.service.js';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { signupFirm, uniqueEmail, type StaffMember } from './factories/identity.factory.js';
import { connectZoom, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

describe('Add Zoom meeting from the event form (e2e, against the Zoom emulator)', () => {
  let zoom: ZoomEmulator;
  let t: TestApp;
  let staff: StaffMember;
  let zoomEmail: string;
  const auth = () => ({ Authorization: `Bearer ${staff.token}` });
  const post = (body: Record<string, unknown>, key?: string) => {
    const req = t.http().post('/api/v1/integrations/zoom/meetings').set(auth());
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const form = (overrides: Record<string, unknown> = {}) => ({
    title: 'Deposition prep',
    startsAt: '2026-12-01T15:00:00-05:00',
    timezone: 'America/New_York',
    ...overrides,
  });
  const lastRequest = () => zoom.meetings[zoom.meetings.length - 1]!.requestBody as Record<string, unknown>;

  beforeAll(async () => {
    let clientSecret: string;
    ({ zoom, clientSecret } = await startZoom());
    t = await createTestApp({ env: zoomEnv(zoom, clientSecret) });
    staff = await signupFirm(t);
    zoomEmail = uniqueEmail('host');
    await connectZoom(t, staff, zoom, zoomEmail);
  });

  beforeEach(() => zoom.reset());

  afterAll(async () => {
    await t.close();
    await zoom.stop();
  });

  it('creates the meeting in the caller’s account and answers the join link, never the start URL', async () => {
    const res = await post(form());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['joinUrl', 'meetingId', 'passcode']);
    expect(res.body.meetingId).toMatch(/^\d{9,12}$/);
    const created = zoom.meetings[zoom.meetings.length - 1]!;
    expect(created.userEmail).toBe(zoomEmail);
    expect(res.body.joinUrl).toBe(created.response.join_url);
    expect(lastRequest()).toEqual({
      topic: 'Deposition prep',
      type: 2,
      start_time: '2026-12-01T15:00:00',
      timezone: 'America/New_York',
      duration: 60,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/zak=|start_url|\/s\//);
  });

  it.each([
    [
      'America/New_York, before the 2026-03-08 DST change',
      '2026-03-07T10:00:00-05:00',
      'America/New_York',
      '2026-03-07T10:00:00',
      '2026-03-07T15:00:00Z',
    ],
    [
      'America/New_York, after the DST change',
      '2026-03-09T10:00:00-04:00',
      'America/New_York',
      '2026-03-09T10:00:00',
      '2026-03-09T14:00:00Z',
    ],
    [
      'America/New_York, given in UTC',
      '2026-03-09T14:00:00Z',
      'America/New_York',
      '2026-03-09T10:00:00',
      '2026-03-09T14:00:00Z',
    ],
    [
      'Europe/London in summer time',
      '2026-07-01T09:30:00+01:00',
      'Europe/London',
      '2026-07-01T09:30:00',
      '2026-07-01T08:30:00Z',
    ],
    ['Asia/Kolkata', '2026-12-01T18:45:00+05:30', 'Asia/Kolkata', '2026-12-01T18:45:00', '2026-12-01T13:15:00Z'],
  ])('keeps the same instant in %s', async (_name, startsAt, timezone, localStart, utcStart) => {
    const res = await post(form({ startsAt, timezone, endsAt: undefined, durationMinutes: 45 }));
    expect(res.status).toBe(201);
    expect(lastRequest()).toMatchObject({ start_time: localStart, timezone, duration: 45 });
    expect(zoom.meetings[zoom.meetings.length - 1]!.response.start_time).toBe(utcStart);
  });

  it('takes the duration from endsAt, cuts the topic to 200 characters, and refuses endsAt with durationMinutes', async () => {
    const title = `${'é'.repeat(199)}🙂 and more`;
    await expect(post(form({ title, endsAt: '2026-12-01T16:30:00-05:00' }))).resolves.toMatchObject({ status: 201 });
    // The emoji (two UTF-16 units) would make 201: it is dropped whole, never split.
    expect(lastRequest()).toMatchObject({ duration: 90, topic: 'é'.repeat(199) });
    await expect(post(form({ title: `${'a'.repeat(198)}🙂tail` }))).resolves.toMatchObject({ status: 201 });
    expect(lastRequest()).toMatchObject({ topic: `${'a'.repeat(198)}🙂` });
    const both = await post(form({ endsAt: '2026-12-01T16:00:00-05:00', durationMinutes: 30 }));
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('validation_failed');
    const badZone = await post(form({ timezone: 'Nowhere/Atlantis' }));
    expect(badZone.status).toBe(400);
  });

  it.each([
    ['a missing title', { title: undefined }, 'event_title_required'],
    ['a blank title', { title: '   ' }, 'event_title_required'],
    ['a missing start', { startsAt: undefined }, 'event_start_required'],
    ['an unparseable start', { startsAt: 'next tuesday' }, 'event_start_required'],
    ['a start without offset', { startsAt: '2026-12-01T15:00:00' }, 'event_start_required'],
  ])('answers %s with 422 and sends nothing to Zoom', async (_name, overrides, code) => {
    const res = await post(form(overrides));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(zoom.meetings).toHaveLength(0);
  });

  describe('Idempotency-Key', () => {
    it('answers a repeat with the first answer and creates nothing', async () => {
      const key = randomUUID();
      const first = await post(form(), key);
      const again = await post(form(), key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(zoom.meetings).toHaveLength(1);
    });

    it('creates exactly one meeting for 5 concurrent repeats, all answering the same', async () => {
      zoom.setDelay('meetings', 300);
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(form(), key)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.joinUrl)).size).toBe(1);
      expect(zoom.meetings).toHaveLength(1);
    });

    it('refuses the same key with a different body', async () => {
      const key = randomUUID();
      await expect(post(form(), key)).resolves.toMatchObject({ status: 201 });
      const other = await post(form({ title: 'Something else' }), key);
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
    });

    it('does not remember a first attempt that failed', async () => {
      const key = randomUUID();
      zoom.failNext('meetings', 1, { status: 500 });
      await expect(post(form(), key)).resolves.toMatchObject({ status: 502, body: { code: 'zoom_unavailable' } });
      await expect(post(form(), key)).resolves.toMatchObject({ status: 201 });
      expect(zoom.meetings).toHaveLength(1);
    });

    it('keeps keys per user', async () => {
      const other = await signupFirm(t);
      await connectZoom(t, other, zoom, uniqueEmail('host'));
      const key = randomUUID();
      await expect(post(form(), key)).resolves.toMatchObject({ status: 201 });
      const theirs = await t
        .http()
        .post('/api/v1/integrations/zoom/meetings')
        .set('Authorization', `Bearer ${other.token}`)
        .set('Idempotency-Key', key)
        .send(form());
      expect(theirs.status).toBe(201);
      expect(zoom.meetings).toHaveLength(2);
    });
  });

  describe('Zoom faults', () => {
    it('passes on Zoom’s rate limit with Retry-After, then succeeds', async () => {
      zoom.failNext('meetings', 1, { status: 429, retryAfterSeconds: 7 });
      const limited = await post(form());
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('zoom_rate_limited');
      expect(limited.headers['retry-after']).toBe('7');
      await expect(post(form())).resolves.toMatchObject({ status: 201 });
    });

    it('reports the daily per-user limit with the time until 00:00 UTC', async () => {
      zoom.setDailyMeetingLimit(0);
      const limited = await post(form());
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('zoom_rate_limited');
      const now = new Date();
      const untilMidnight =
        (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
      expect(Math.abs(Number(limited.headers['retry-after']) - untilMidnight)).toBeLessThan(120);
    });

    it.each([
      ['repeated 500s', () => zoom.failNext('meetings', 3, { status: 500 })],
      ['a non-JSON answer', () => zoom.failNext('meetings', 1, { nonJson: true })],
      ['a 30-second delay', () => zoom.failNext('meetings', 1, { delayMs: 30_000 })],
    ])(
      'answers %s with 502 zoom_unavailable, and a later retry succeeds',
      async (_name, fault) => {
        fault();
        const started = Date.now();
        const res = await post(form());
        expect(res.status).toBe(502);
        expect(res.body.code).toBe('zoom_unavailable');
        expect(Date.now() - started).toBeLessThan(15_000);
        zoom.reset();
        await expect(post(form())).resolves.toMatchObject({ status: 201 });
      },
      30_000,
    );

    it('refreshes once after a 124 and succeeds', async () => {
      zoom.failNext('meetings', 1, { status: 401, code: 124 });
      const before = zoom.counts.refreshes;
      await expect(post(form())).resolves.toMatchObject({ status: 201 });
      expect(zoom.counts.refreshes - before).toBe(1);
    });

    it('says the account cannot host', async () => {
      zoom.setCannotHost(zoomEmail, true);
      const res = await post(form());
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('zoom_cannot_host');
      expect(res.body.message).toMatch(/host/);
    });
  });

  it('answers zoom_not_connected, zoom_reconnect_needed and subscription_inactive', async () => {
    const unconnected = await signupFirm(t);
    const res = await t
      .http()
      .post('/api/v1/integrations/zoom/meetings')
      .set('Authorization', `Bearer ${unconnected.token}`)
      .send(form());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('zoom_not_connected');

    const revoked = await signupFirm(t);
    const revokedEmail = uniqueEmail('host');
    await connectZoom(t, revoked, zoom, revokedEmail);
    zoom.revokeGrantSilently(revokedEmail);
    zoom.expireAccessTokens(revokedEmail);
    const dead = await t
      .http()
      .post('/api/v1/integrations/zoom/meetings')
      .set('Authorization', `Bearer ${revoked.token}`)
      .send(form());
    expect(dead.status).toBe(409);
    expect(dead.body.code).toBe('zoom_reconnect_needed');

    const lapsed = await signupFirm(t);
    await connectZoom(t, lapsed, zoom, uniqueEmail('host'));
    await t.app.get(FirmsService).setSubscriptionStatus(lapsed.user.firmId, 'past_due');
    const refused = await t
      .http()
      .post('/api/v1/integrations/zoom/meetings')
      .set('Authorization', `Bearer ${lapsed.token}`)
      .send(form());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('subscription_inactive');
  });

  it('keeps start URLs and their zak secrets out of every table and log', async () => {
    const issued = zoom.issuedStartUrls();
    expect(issued.length).toBeGreaterThan(0);
    const tables = ['claims', 'zoom_credentials'];
    const dump = JSON.stringify(await Promise.all(tables.map((name) => t.dataSource.query(`SELECT * FROM ${name}`))));
    for (const secret of issued) expect(dump).not.toContain(secret);
    for (const secret of [...issued, ...zoom.allIssuedTokens()]) t.secrets.add(secret);
    expect(secretsInLogs(t)).toEqual([]);
  });
});
