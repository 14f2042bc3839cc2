import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { createEvent, type EventBody } from './factories/case-events.factory.js';
import {
  createCase,
  createClient,
  portalLogin,
  signupFirm,
  uniqueEmail,
  type StaffMember,
} from './factories/identity.factory.js';
import { connectZoom, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';
import { isMysqlRun, testDatabaseUrl } from './support/test-database.js';

describe('Add Zoom meeting on a saved event (e2e, against the Zoom emulator)', () => {
  const databaseUrl = testDatabaseUrl();
  let zoom: ZoomEmulator;
  let clientSecret: string;
  let t: TestApp;
  let staff: StaffMember;
  let caseId: string;
  let zoomEmail: string;
  const auth = (s: StaffMember = staff) => ({ Authorization: `Bearer ${s.token}` });
  const addMeeting = (eventId: string, app: TestApp = t) =>
    app.http().post(`/api/v1/events/${eventId}/zoom-meeting`).set(auth());
  const getEvent = async (eventId: string) =>
    (await t.http().get(`/api/v1/events/${eventId}`).set(auth())).body as EventBody;
  const newEvent = (overrides: Record<string, unknown> = {}) => createEvent(t, staff, caseId, overrides);

  beforeAll(async () => {
    ({ zoom, clientSecret } = await startZoom());
    t = await createTestApp({ databaseUrl, env: zoomEnv(zoom, clientSecret) });
    staff = await signupFirm(t);
    zoomEmail = uniqueEmail('host');
    await connectZoom(t, staff, zoom, zoomEmail);
    const client = await createClient(t, staff);
    caseId = (await createCase(t, staff, [client.id], [staff.user.id])).id;
  });

  beforeEach(() => zoom.reset());

  afterAll(async () => {
    await t.close();
    await zoom.stop();
  });

  it('puts the join URL on the event, with the title, instant, zone and duration sent to Zoom', async () => {
    const event = await newEvent({
      title: 'Mediation with Acme',
      startsAt: '2026-12-01T15:00:00-05:00',
      endsAt: '2026-12-01T16:30:00-05:00',
    });
    const res = await addMeeting(event.id);
    expect(res.status).toBe(201);
    const created = zoom.meetings[0]!;
    expect(created.userEmail).toBe(zoomEmail);
    expect(res.body.videoLink).toBe(created.response.join_url);
    expect(res.body.zoomMeetingId).toBe(String(created.response.id));
    expect(created.requestBody).toEqual({
      topic: 'Mediation with Acme',
      type: 2,
      start_time: '2026-12-01T15:00:00',
      timezone: 'America/New_York',
      duration: 90,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/zak=|start_url/);
    // Everything else about the event is as it was.
    expect(res.body).toMatchObject({
      id: event.id,
      title: event.title,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      description: event.description,
    });
    await expect(getEvent(event.id)).resolves.toMatchObject({ videoLink: created.response.join_url });
  });

  it.each([
    [
      'America/New_York before the DST change',
      { startsAt: '2026-03-07T09:00:00-05:00', endsAt: '2026-03-07T10:00:00-05:00', timezone: 'America/New_York' },
      '2026-03-07T09:00:00',
      '2026-03-07T14:00:00Z',
      60,
    ],
    [
      'America/New_York after the DST change',
      { startsAt: '2026-03-09T09:00:00-04:00', endsAt: null, timezone: 'America/New_York' },
      '2026-03-09T09:00:00',
      '2026-03-09T13:00:00Z',
      60,
    ],
    [
      'Europe/London',
      { startsAt: '2026-07-01T14:00:00+01:00', endsAt: '2026-07-01T14:45:00+01:00', timezone: 'Europe/London' },
      '2026-07-01T14:00:00',
      '2026-07-01T13:00:00Z',
      45,
    ],
    [
      'Asia/Kolkata',
      { startsAt: '2026-12-01T10:30:00+05:30', endsAt: '2026-12-01T12:00:00+05:30', timezone: 'Asia/Kolkata' },
      '2026-12-01T10:30:00',
      '2026-12-01T05:00:00Z',
      90,
    ],
  ])('keeps the event’s instant in %s', async (_name, times, localStart, utcStart, duration) => {
    const event = await newEvent(times);
    await expect(addMeeting(event.id)).resolves.toMatchObject({ status: 201 });
    const created = zoom.meetings[0]!;
    expect(created.requestBody).toMatchObject({ start_time: localStart, timezone: times.timezone, duration });
    expect(created.response.start_time).toBe(utcStart);
  });

  it('answers a second call with 200 and the same event, creating nothing', async () => {
    const event = await newEvent();
    const first = await addMeeting(event.id);
    const second = await addMeeting(event.id);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(zoom.meetings).toHaveLength(1);
  });

  it('creates exactly one meeting for 10 concurrent clicks, all answering the same link', async () => {
    zoom.setDelay('meetings', 200);
    const event = await newEvent();
    const answers = await Promise.all(Array.from({ length: 10 }, () => addMeeting(event.id)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.videoLink)).size).toBe(1);
    expect(zoom.meetings).toHaveLength(1);
    expect(answers[0]!.body.videoLink).toBe(zoom.meetings[0]!.response.join_url);
  });

  // Two processes on one database is the MySQL deployment; SQLite is single-machine.
  if (isMysqlRun()) {
    it('creates exactly one meeting when two app instances on one MySQL database race', async () => {
      const other = await createTestApp({ databaseUrl, env: zoomEnv(zoom, clientSecret) });
      try {
        zoom.setDelay('meetings', 200);
        const event = await newEvent();
        const answers = await Promise.all([t, other, t, other, t, other].map((app) => addMeeting(event.id, app)));
        expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
        expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
        expect(new Set(answers.map((a) => a.body.videoLink)).size).toBe(1);
        expect(zoom.meetings).toHaveLength(1);
      } finally {
        await other.close();
      }
    });
  }

  describe('when Zoom fails, the event is left as it was and a later retry succeeds', () => {
    it.each([
      [
        '429 with Retry-After',
        () => zoom.failNext('meetings', 1, { status: 429, retryAfterSeconds: 30 }),
        429,
        'zoom_rate_limited',
      ],
      ['repeated 500s', () => zoom.failNext('meetings', 5, { status: 500 }), 502, 'zoom_unavailable'],
      ['a 30-second delay', () => zoom.failNext('meetings', 1, { delayMs: 30_000 }), 502, 'zoom_unavailable'],
      ['a non-JSON body', () => zoom.failNext('meetings', 1, { nonJson: true }), 502, 'zoom_unavailable'],
    ])(
      '%s',
      async (_name, fault, status, code) => {
        const event = await newEvent();
        fault();
        const started = Date.now();
        const res = await addMeeting(event.id);
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(res.status).toBe(status);
        expect(res.body.code).toBe(code);
        if (status === 429) expect(res.headers['retry-after']).toBe('30');
        await expect(getEvent(event.id)).resolves.toEqual(event);
        zoom.reset();
        const retry = await addMeeting(event.id);
        expect(retry.status).toBe(201);
        expect(retry.body.videoLink).toBe(zoom.meetings[0]!.response.join_url);
      },
      30_000,
    );

    it('a 124 followed by success: one refresh, one meeting', async () => {
      const event = await newEvent();
      zoom.failNext('meetings', 1, { status: 401, code: 124 });
      const before = zoom.counts.refreshes;
      await expect(addMeeting(event.id)).resolves.toMatchObject({ status: 201 });
      expect(zoom.counts.refreshes - before).toBe(1);
      expect(zoom.meetings).toHaveLength(1);
    });
  });

  it('says what to do when Zoom is not connected, and refuses another firm’s or a cancelled event', async () => {
    const event = await newEvent();
    const stranger = await signupFirm(t);
    const foreign = await t.http().post(`/api/v1/events/${event.id}/zoom-meeting`).set(auth(stranger));
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');

    const colleagueFirm = await signupFirm(t);
    const colleagueClient = await createClient(t, colleagueFirm);
    const colleagueCase = await createCase(t, colleagueFirm, [colleagueClient.id]);
    const theirEvent = await createEvent(t, colleagueFirm, colleagueCase.id);
    const notConnected = await t.http().post(`/api/v1/events/${theirEvent.id}/zoom-meeting`).set(auth(colleagueFirm));
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.code).toBe('zoom_not_connected');
    expect(notConnected.body.message).toMatch(/Connect Zoom/);

    await t.http().delete(`/api/v1/events/${event.id}`).set(auth()).expect(204);
    const cancelled = await addMeeting(event.id);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.code).toBe('event_cancelled');
    expect(zoom.meetings).toHaveLength(0);
  });

  it('shows the link to the client in the portal', async () => {
    const client = await createClient(t, staff);
    const theCase = await createCase(t, staff, [client.id]);
    const event = await createEvent(t, staff, theCase.id, {
      sharedWithClients: true,
      description: 'Internal: bring the exhibits',
    });
    const added = await addMeeting(event.id);
    const token = await portalLogin(t, client);
    const portal = await t.http().get('/api/v1/portal/events').set('Authorization', `Bearer ${token}`);
    expect(portal.body.items).toEqual([
      {
        id: event.id,
        title: event.title,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        timezone: event.timezone,
        location: null,
        videoLink: added.body.videoLink,
        status: 'scheduled',
      },
    ]);
  });

  it('never stores or answers a start_url or its zak secret, and logs no Zoom secret', async () => {
    const issued = zoom.issuedStartUrls();
    expect(issued.length).toBeGreaterThan(5);
    const tables = (
      (await t.dataSource.query(
        t.dataSource.options.type === 'better-sqlite3'
          ? "SELECT name FROM sqlite_master WHERE type = 'table'"
          : 'SHOW TABLES',
      )) as Array<Record<string, string>>
    ).map((row) => Object.values(row)[0]!);
    const dump = JSON.stringify(await Promise.all(tables.map((name) => t.dataSource.query(`SELECT * FROM ${name}`))));
    for (const secret of issued) expect(dump).not.toContain(secret);
    for (const secret of [...issued, ...zoom.allIssuedTokens(), clientSecret]) t.secrets.add(secret);
    expect(secretsInLogs(t)).toEqual([]);
  });
});
