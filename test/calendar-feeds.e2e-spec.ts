import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { createHash, randomUUID } from 'node:crypto';
import { CaseEventFeedQueries } from '../src/case-events/case-event-feed.queries.js';
import { Clock } from '../src/common/clock.js';
import { createEvent, zoomLink, type EventBody } from './factories/case-events.factory.js';
import {
  createPortalFeed,
  createStaffFeed,
  feedPath,
  feedToken,
  fetchFeed,
  parseWithIcalJs,
  parseWithNodeIcal,
  plain,
  type IssuedFeed,
} from './factories/calendar-feed.factory.js';
import {
  addMember,
  createCase,
  createClient,
  portalLogin,
  signupFirm,
  type StaffMember,
} from './factories/identity.factory.js';
import { APP_URL } from './factories/zoom.factory.js';
import { MovableClock } from './support/movable-clock.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

const DAY_MS = 86_400_000;
const inDays = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString();
/** The compact UTC form iCalendar uses, to the second. */
const icsUtc = (iso: string): string => `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;

describe('Calendar feeds (e2e)', () => {
  let t: TestApp;
  const clock = new MovableClock();

  beforeAll(async () => {
    t = await createTestApp({
      env: { APP_URL },
      customize: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function firmWithCase(): Promise<{
    owner: StaffMember;
    caseId: string;
    client: Awaited<ReturnType<typeof createClient>>;
  }> {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const legalCase = await createCase(t, owner, [client.id]);
    return { owner, caseId: legalCase.id, client };
  }

  const vevents = (text: string): number => text.split('\r\nBEGIN:VEVENT\r\n').length - 1;
  const uidOf = (event: EventBody): string => `${event.id}@app.test`;

  it('issues a feed URL once: 256 random bits, a webcal twin, only the hash stored, listed without URLs', async () => {
    const { owner, caseId } = await firmWithCase();
    const res = await t.http().post('/api/v1/calendar-feeds').set(auth(owner.token)).send({ scope: 'me' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      scope: 'me',
      caseId: null,
      name: expect.any(String),
      createdAt: expect.stringMatching(/Z$/),
      url: expect.stringMatching(/^http:\/\/app\.test\/calendar\/[A-Za-z0-9_-]{43,}\.ics$/),
      webcalUrl: expect.any(String),
    });
    const token = feedToken(t, res.body.url);
    expect(res.body.webcalUrl).toBe(res.body.url.replace('http://', 'webcal://'));
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);

    const rows: Array<Record<string, unknown>> = await t.dataSource.query('SELECT * FROM calendar_feeds WHERE id = ?', [
      res.body.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));

    const other = await createStaffFeed(t, owner, { scope: 'case', caseId });
    const third = await createStaffFeed(t, owner);
    const member = await addMember(t, owner);
    await createStaffFeed(t, member);
    const first = await t.http().get('/api/v1/calendar-feeds').query({ limit: 2 }).set(auth(owner.token));
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      { id: res.body.id, scope: 'me', caseId: null, name: res.body.name, createdAt: res.body.createdAt },
      { id: other.id, scope: 'case', caseId, name: other.name, createdAt: other.createdAt },
    ]);
    const second = await t
      .http()
      .get('/api/v1/calendar-feeds')
      .query({ cursor: first.body.nextCursor })
      .set(auth(owner.token));
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: third.id })], nextCursor: null });
    expect(JSON.stringify([first.body, second.body])).not.toMatch(/calendar\/|webcal/);
  });

  it('serves the feed with ical-generator: UIDs stable and unique, the Zoom link as LOCATION and URL, through ical.js and node-ical', async () => {
    const { owner, caseId } = await firmWithCase();
    const link = zoomLink();
    const zoomEvent = await createEvent(t, owner, caseId, {
      ...link,
      location: 'Courtroom 4, 2nd floor',
      description: 'Bring exhibits A-C',
    });
    const plainEvent = await createEvent(t, owner, caseId, {
      location: 'Office; room 2',
      startsAt: '2026-12-02T09:00:00-05:00',
      endsAt: null,
    });
    const feed = await createStaffFeed(t, owner);

    const res = await fetchFeed(t, feed.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const text = res.body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);

    const cal = parseWithIcalJs(text);
    expect(cal.name).toContain((await t.http().get('/api/v1/me').set(auth(owner.token))).body.firm.name);
    expect(cal.refresh).toBe('PT1H');
    expect(cal.ttl).toBe('PT1H');
    expect(cal.events.map((e) => e.uid).sort()).toEqual([uidOf(zoomEvent), uidOf(plainEvent)].sort());
    const zoom = cal.events.find((e) => e.uid === uidOf(zoomEvent))!;
    expect(zoom).toMatchObject({
      summary: zoomEvent.title,
      location: link.videoLink,
      url: link.videoLink,
      sequence: 0,
      status: 'CONFIRMED',
      description: `${link.videoLink}\nCourtroom 4, 2nd floor\nBring exhibits A-C`,
      start: zoomEvent.startsAt,
      end: zoomEvent.endsAt,
    });
    // DTSTAMP and LAST-MODIFIED are the event's last change, in UTC.
    expect(text).toContain(`DTSTAMP:${icsUtc(zoomEvent.updatedAt)}\r\n`);
    expect(text).toContain(`LAST-MODIFIED:${icsUtc(zoomEvent.updatedAt)}\r\n`);
    const other = cal.events.find((e) => e.uid === uidOf(plainEvent))!;
    expect(other).toMatchObject({ location: 'Office; room 2', url: null, description: 'Office; room 2', end: null });

    const byNodeIcal = parseWithNodeIcal(text);
    expect([...byNodeIcal.keys()].sort()).toEqual([uidOf(zoomEvent), uidOf(plainEvent)].sort());
    const zoomByNodeIcal = byNodeIcal.get(uidOf(zoomEvent))!;
    expect(plain(zoomByNodeIcal.location)).toBe(link.videoLink);
    expect(plain(zoomByNodeIcal.url)).toBe(link.videoLink);
    expect(plain(zoomByNodeIcal.summary)).toBe(zoomEvent.title);
    expect(zoomByNodeIcal.start.toISOString()).toBe(zoomEvent.startsAt);

    const again = await fetchFeed(t, feed.url);
    expect(again.body).toBe(text);
    expect(again.headers.etag).toBe(res.headers.etag);
    const uids = text.split('\r\n').filter((line) => line.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('keeps every line CRLF-ended and within 75 octets; hard titles round-trip unchanged through both parsers', async () => {
    const { owner, caseId } = await firmWithCase();
    const titles = [
      'Réunion 🎉 à l’étude, "quoted"; back\\slash, C:\\\\share\\ and a\nsecond line',
      `${'Ünïcødé 👩‍⚖️ Ωμέγα, 日本語; '.repeat(12)}end`,
      'a,b;c\\d:e',
      `${'x'.repeat(73)}é${'y'.repeat(73)}😀${'z'.repeat(40)}`,
      // A backslash before an "n": node-ical unescapes \\n as a line break (its bug), so only ical.js reads this one.
      'Files in C:\\new\\Notes\\N',
    ];
    const nodeIcalMisreads = (title: string): boolean => /\\[nN]/.test(title);
    const created: EventBody[] = [];
    for (const title of titles) {
      created.push(
        await createEvent(t, owner, caseId, {
          title,
          location: `Suite ${title.slice(0, 40)}`,
          description: `Notes:\n${title}`,
          ...zoomLink(),
        }),
      );
    }
    const feed = await createStaffFeed(t, owner, { scope: 'case', caseId });
    const text = (await fetchFeed(t, feed.url)).body as string;

    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines.filter((line) => /[\r\n]/.test(line))).toEqual([]);
    expect(lines.filter((line) => Buffer.byteLength(line, 'utf8') > 75)).toEqual([]);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);

    const byIcalJs = parseWithIcalJs(text).events;
    const byNodeIcal = parseWithNodeIcal(text);
    for (const event of created) {
      expect(event.title).toBe(titles[created.indexOf(event)]!.trim());
      const parsed = byIcalJs.find((e) => e.uid === uidOf(event))!;
      expect(parsed.summary).toBe(event.title);
      expect(parsed.location).toBe(event.videoLink);
      expect(parsed.description).toBe(`${event.videoLink}\n${event.location}\n${event.description}`);
      if (nodeIcalMisreads(event.title)) continue;
      expect(plain(byNodeIcal.get(uidOf(event))!.summary)).toBe(event.title);
      expect(plain(byNodeIcal.get(uidOf(event))!.location)).toBe(event.videoLink);
      expect(plain(byNodeIcal.get(uidOf(event))!.description)).toBe(
        `${event.videoLink}\n${event.location}\n${event.description}`,
      );
    }
  });

  it('answers 304 to a current If-None-Match; an edit changes the body and the ETag and raises SEQUENCE', async () => {
    const { owner, caseId } = await firmWithCase();
    const event = await createEvent(t, owner, caseId);
    const feed = await createStaffFeed(t, owner);
    const first = await fetchFeed(t, feed.url);
    const etag = first.headers.etag as string;

    for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await fetchFeed(t, feed.url, { 'If-None-Match': condition });
      expect({ condition, status: cached.status, body: cached.body }).toEqual({ condition, status: 304, body: '' });
      expect(cached.headers.etag).toBe(etag);
      expect(cached.headers['cache-control']).toBe('private, max-age=300');
    }
    await expect(fetchFeed(t, feed.url, { 'If-None-Match': '"stale"' })).resolves.toMatchObject({ status: 200 });

    const patched = await t
      .http()
      .patch(`/api/v1/events/${event.id}`)
      .set(auth(owner.token))
      .send({ title: 'Moved hearing' });
    expect(patched.status).toBe(200);
    const edited = await fetchFeed(t, feed.url, { 'If-None-Match': etag });
    expect(edited.status).toBe(200);
    expect(edited.headers.etag).not.toBe(etag);
    expect(edited.body).not.toBe(first.body);
    const before = parseWithIcalJs(first.body as string).events[0]!;
    const after = parseWithIcalJs(edited.body as string).events[0]!;
    expect(after).toMatchObject({ uid: before.uid, summary: 'Moved hearing', sequence: before.sequence + 1 });
    expect(edited.body).toContain(`DTSTAMP:${icsUtc(patched.body.updatedAt)}\r\n`);
    await expect(fetchFeed(t, feed.url, { 'If-None-Match': edited.headers.etag as string })).resolves.toMatchObject({
      status: 304,
    });

    // HEAD: the same headers, no body.
    const head = await fetchFeed(t, feed.url, {}, 'head');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(edited.headers.etag);
    expect(head.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(head.text ?? '').toBe('');
  });

  it("sees another app process's edits, case membership changes, rotations and deletions at its next poll", async () => {
    // Another process on the same database: this one keeps what it computed for a feed between polls.
    const other = await createTestApp({ databaseUrl: t.databaseUrl, env: { APP_URL } });
    try {
      const { owner, caseId, client } = await firmWithCase();
      other.secrets.add(owner.token);
      const event = await createEvent(t, owner, caseId, { sharedWithClients: true });
      const feed = await createStaffFeed(t, owner);
      const first = await fetchFeed(t, feed.url);
      const etag = first.headers.etag as string;
      await expect(fetchFeed(t, feed.url, { 'If-None-Match': etag })).resolves.toMatchObject({ status: 304 });

      const patched = await other
        .http()
        .patch(`/api/v1/events/${event.id}`)
        .set(auth(owner.token))
        .send({ title: 'Edited elsewhere' });
      expect(patched.status).toBe(200);
      const edited = await fetchFeed(t, feed.url, { 'If-None-Match': etag });
      expect(edited.status).toBe(200);
      expect(edited.headers.etag).not.toBe(etag);
      expect(edited.body).toContain('SUMMARY:Edited elsewhere\r\n');
      const created = await createEvent(other, owner, caseId, { title: 'Made elsewhere' });
      const grown = await fetchFeed(t, feed.url, { 'If-None-Match': edited.headers.etag as string });
      expect(grown.status).toBe(200);
      expect(parseWithIcalJs(grown.body as string).events.map((e) => e.uid)).toContain(uidOf(created));

      // A client taken off the case elsewhere: their feed no longer holds the case's events.
      const portal = await createPortalFeed(t, await portalLogin(t, client));
      const shared = await fetchFeed(t, portal.url);
      expect(vevents(shared.body as string)).toBe(1);
      await expect(
        other.http().patch(`/api/v1/cases/${caseId}`).set(auth(owner.token)).send({ clientIds: [] }),
      ).resolves.toMatchObject({ status: 200 });
      const left = await fetchFeed(t, portal.url, { 'If-None-Match': shared.headers.etag as string });
      expect(left.status).toBe(200);
      expect(vevents(left.body as string)).toBe(0);

      const rotated = await other.http().post(`/api/v1/calendar-feeds/${feed.id}/rotate`).set(auth(owner.token));
      expect(rotated.status).toBe(200);
      feedToken(t, rotated.body.url);
      feedToken(other, rotated.body.url);
      await expect(fetchFeed(t, feed.url, { 'If-None-Match': grown.headers.etag as string })).resolves.toMatchObject({
        status: 404,
      });
      await expect(fetchFeed(t, rotated.body.url)).resolves.toMatchObject({ status: 200 });
      await expect(
        other.http().delete(`/api/v1/calendar-feeds/${feed.id}`).set(auth(owner.token)),
      ).resolves.toMatchObject({ status: 204 });
      await expect(fetchFeed(t, rotated.body.url)).resolves.toMatchObject({ status: 404 });
    } finally {
      await other.close();
    }
  });

  it('rotate and delete kill the old URL at once, answered exactly like an unknown token', async () => {
    const { owner } = await firmWithCase();
    const feed = await createStaffFeed(t, owner);
    await expect(fetchFeed(t, feed.url)).resolves.toMatchObject({ status: 200 });

    const rotated = await t.http().post(`/api/v1/calendar-feeds/${feed.id}/rotate`).set(auth(owner.token));
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: feed.id, scope: 'me', caseId: null, createdAt: feed.createdAt });
    feedToken(t, rotated.body.url);
    expect(rotated.body.url).not.toBe(feed.url);
    expect(rotated.body.webcalUrl).toBe(rotated.body.url.replace('http://', 'webcal://'));
    await expect(fetchFeed(t, rotated.body.url)).resolves.toMatchObject({ status: 200 });

    const deleted = await t.http().delete(`/api/v1/calendar-feeds/${feed.id}`).set(auth(owner.token));
    expect(deleted.status).toBe(204);
    const bodies = [];
    for (const url of [
      feed.url,
      rotated.body.url,
      `${APP_URL}/calendar/${'A'.repeat(43)}.ics`,
      `${APP_URL}/calendar/short.ics`,
    ]) {
      const res = await t.http().get(feedPath(url));
      expect(res.status).toBe(404);
      const { correlationId, ...rest } = res.body;
      expect(correlationId).toEqual(expect.any(String));
      bodies.push(rest);
    }
    expect(bodies[0]).toEqual({ statusCode: 404, code: 'not_found', message: expect.any(String) });
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    await expect(
      t.http().post(`/api/v1/calendar-feeds/${feed.id}/rotate`).set(auth(owner.token)),
    ).resolves.toMatchObject({ status: 404 });
    await expect(t.http().delete(`/api/v1/calendar-feeds/${feed.id}`).set(auth(owner.token))).resolves.toMatchObject({
      status: 404,
    });
  });

  it("scopes: me holds the caller's events (on staffIds or created), case the whole case; another firm's case is 404", async () => {
    const { owner, caseId } = await firmWithCase();
    const member = await addMember(t, owner);
    const otherCase = await createCase(t, owner, []);
    const onIt = await createEvent(t, owner, caseId, { staffIds: [member.user.id], description: 'internal strategy' });
    const byMember = await createEvent(t, member, caseId);
    const notOnIt = await createEvent(t, owner, caseId);
    const elsewhere = await createEvent(t, owner, otherCase.id);

    const mine = await createStaffFeed(t, member);
    const mineText = (await fetchFeed(t, mine.url)).body as string;
    expect(
      parseWithIcalJs(mineText)
        .events.map((e) => e.uid)
        .sort(),
    ).toEqual([uidOf(onIt), uidOf(byMember)].sort());

    const caseFeed = await createStaffFeed(t, member, { scope: 'case', caseId });
    const caseEvents = parseWithIcalJs((await fetchFeed(t, caseFeed.url)).body as string).events;
    expect(caseEvents.map((e) => e.uid).sort()).toEqual([uidOf(onIt), uidOf(byMember), uidOf(notOnIt)].sort());
    expect(caseEvents.find((e) => e.uid === uidOf(onIt))!.description).toBe('internal strategy');
    expect(caseEvents.map((e) => e.uid)).not.toContain(uidOf(elsewhere));

    const stranger = await signupFirm(t);
    for (const caseIdToTry of [caseId, randomUUID()]) {
      const res = await t
        .http()
        .post('/api/v1/calendar-feeds')
        .set(auth(stranger.token))
        .send({ scope: 'case', caseId: caseIdToTry });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    // Feeds belong to whoever made them: a colleague, or another firm, cannot rotate or delete them.
    for (const who of [owner, stranger]) {
      await expect(
        t.http().post(`/api/v1/calendar-feeds/${mine.id}/rotate`).set(auth(who.token)),
      ).resolves.toMatchObject({ status: 404 });
      await expect(t.http().delete(`/api/v1/calendar-feeds/${mine.id}`).set(auth(who.token))).resolves.toMatchObject({
        status: 404,
      });
    }
    await expect(t.http().delete('/api/v1/calendar-feeds/not-an-id').set(auth(member.token))).resolves.toMatchObject({
      status: 404,
    });
    await expect(fetchFeed(t, mine.url)).resolves.toMatchObject({ status: 200 });
  });

  it('reads a feed in pages by startsAt then id, each event exactly once, ties included', async () => {
    const { owner, caseId } = await firmWithCase();
    const starts = [
      '2027-01-05T10:00:00Z',
      '2027-01-03T10:00:00Z',
      '2027-01-03T10:00:00Z',
      '2027-01-03T10:00:00Z',
      '2027-01-04T10:00:00Z',
    ];
    const created: EventBody[] = [];
    for (const startsAt of starts) created.push(await createEvent(t, owner, caseId, { startsAt, endsAt: null }));
    const expected = [...created]
      .sort((x, y) => x.startsAt.localeCompare(y.startsAt) || x.id.localeCompare(y.id))
      .map((e) => e.id);
    const pages: string[][] = [];
    for await (const page of t.app
      .get(CaseEventFeedQueries)
      .pages({ kind: 'case', firmId: owner.user.firmId, caseId }, new Date(), 2)) {
      pages.push(page.map((e) => e.id));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(expected);
  });

  it('keeps a cancelled event in staff feeds as STATUS:CANCELLED for 30 days, and reaches 90 days back', async () => {
    const { owner, caseId } = await firmWithCase();
    const cancelled = await createEvent(t, owner, caseId, { startsAt: inDays(60), endsAt: null });
    const recent = await createEvent(t, owner, caseId, { startsAt: inDays(-80), endsAt: null });
    const old = await createEvent(t, owner, caseId, { startsAt: inDays(-100), endsAt: null });
    await expect(t.http().delete(`/api/v1/events/${cancelled.id}`).set(auth(owner.token))).resolves.toMatchObject({
      status: 204,
    });
    const feed = await createStaffFeed(t, owner, { scope: 'case', caseId });

    const now = parseWithIcalJs((await fetchFeed(t, feed.url)).body as string).events;
    expect(now.map((e) => e.uid).sort()).toEqual([uidOf(cancelled), uidOf(recent)].sort());
    expect(now.find((e) => e.uid === uidOf(cancelled))).toMatchObject({ status: 'CANCELLED', sequence: 1 });
    expect(now.map((e) => e.uid)).not.toContain(uidOf(old));
    try {
      clock.offsetMs = 29 * DAY_MS;
      const later = parseWithIcalJs((await fetchFeed(t, feed.url)).body as string).events;
      expect(later.map((e) => e.uid)).toContain(uidOf(cancelled));
      clock.offsetMs = 31 * DAY_MS;
      const gone = parseWithIcalJs((await fetchFeed(t, feed.url)).body as string).events;
      expect(gone.map((e) => e.uid)).toEqual([]);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('gives a client only shared, live events on their own cases, without staff text; a new call replaces the URL', async () => {
    const { owner, caseId, client } = await firmWithCase();
    const neighbour = await createClient(t, owner);
    const neighbourCase = await createCase(t, owner, [neighbour.id]);
    const link = zoomLink();
    const shared = await createEvent(t, owner, caseId, {
      ...link,
      sharedWithClients: true,
      location: 'Courtroom 4',
      description: 'STAFF-ONLY strategy notes',
    });
    const unshared = await createEvent(t, owner, caseId, {
      title: 'Internal prep UNSHARED',
      description: 'STAFF-ONLY prep',
    });
    const cancelled = await createEvent(t, owner, caseId, { title: 'Cancelled SHARED', sharedWithClients: true });
    await t.http().delete(`/api/v1/events/${cancelled.id}`).set(auth(owner.token));
    const foreign = await createEvent(t, owner, neighbourCase.id, {
      title: 'Neighbour hearing',
      sharedWithClients: true,
    });

    const clientToken = await portalLogin(t, client);
    const issued = await t.http().post('/api/v1/portal/calendar-feed').set(auth(clientToken));
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      url: expect.stringMatching(/^http:\/\/app\.test\/calendar\/[A-Za-z0-9_-]{43,}\.ics$/),
      webcalUrl: expect.any(String),
    });
    feedToken(t, issued.body.url);
    expect(issued.body.webcalUrl).toBe(issued.body.url.replace('http://', 'webcal://'));

    const text = (await fetchFeed(t, issued.body.url)).body as string;
    const events = parseWithIcalJs(text).events;
    expect(events.map((e) => e.uid)).toEqual([uidOf(shared)]);
    expect(events[0]).toMatchObject({
      location: link.videoLink,
      url: link.videoLink,
      description: `${link.videoLink}\nCourtroom 4`,
      status: 'CONFIRMED',
    });
    expect(text).not.toContain('STAFF-ONLY');
    expect(text).not.toContain(unshared.id);
    expect(text).not.toContain(cancelled.id);
    expect(text).not.toContain(foreign.id);
    expect(text).not.toContain('CANCELLED');

    // Unsharing takes the event out at the next fetch.
    await t.http().patch(`/api/v1/events/${shared.id}`).set(auth(owner.token)).send({ sharedWithClients: false });
    expect(vevents((await fetchFeed(t, issued.body.url)).body as string)).toBe(0);

    const replaced = await createPortalFeed(t, clientToken);
    expect(replaced.url).not.toBe(issued.body.url);
    await expect(fetchFeed(t, issued.body.url)).resolves.toMatchObject({ status: 404 });
    await expect(fetchFeed(t, replaced.url)).resolves.toMatchObject({ status: 200 });

    // Two calls at once still leave one feed, whose URL is the one issued last.
    const other = await createClient(t, owner);
    const otherToken = await portalLogin(t, other);
    const raced = await Promise.all([createPortalFeed(t, otherToken), createPortalFeed(t, otherToken)]);
    const live = await Promise.all(raced.map((feed) => fetchFeed(t, feed.url)));
    expect(live.map((res) => res.status).sort()).toEqual([200, 404]);
    await expect(
      t.dataSource.query('SELECT id FROM calendar_feeds WHERE clientId = ?', [other.id]),
    ).resolves.toHaveLength(1);

    // Tokens of the wrong kind are 401 on either side.
    await expect(t.http().post('/api/v1/portal/calendar-feed').set(auth(owner.token))).resolves.toMatchObject({
      status: 401,
    });
    await expect(
      t.http().post('/api/v1/calendar-feeds').set(auth(clientToken)).send({ scope: 'me' }),
    ).resolves.toMatchObject({ status: 401 });
    await expect(t.http().get('/api/v1/calendar-feeds').set(auth(clientToken))).resolves.toMatchObject({ status: 401 });
    await expect(t.http().post('/api/v1/portal/calendar-feed')).resolves.toMatchObject({ status: 401 });
  });

  it('renders an America/New_York event at the right UTC instant on both sides of a DST change', async () => {
    const { owner, caseId } = await firmWithCase();
    const year = DateTime.utc().year + 1;
    const local = (month: number, day: number) =>
      DateTime.fromObject({ year, month, day, hour: 10 }, { zone: 'America/New_York' });
    const moments = [local(3, 1), local(3, 20), local(10, 25), local(11, 10)];
    expect(moments.map((m) => m.offset)).toEqual([-300, -240, -240, -300]);
    const created: EventBody[] = [];
    for (const m of moments)
      created.push(
        await createEvent(t, owner, caseId, {
          startsAt: m.toISO(),
          endsAt: m.plus({ hours: 1 }).toISO(),
          timezone: 'America/New_York',
        }),
      );
    const feed = await createStaffFeed(t, owner, { scope: 'case', caseId });
    const text = (await fetchFeed(t, feed.url)).body as string;

    const expected = moments.map((m) => m.toUTC().toISO({ suppressMilliseconds: false })!);
    expect(expected.map((iso) => iso.slice(11, 16))).toEqual(['15:00', '14:00', '14:00', '15:00']);
    const byIcalJs = parseWithIcalJs(text).events;
    const byNodeIcal = parseWithNodeIcal(text);
    created.forEach((event, i) => {
      expect(text).toContain(`DTSTART:${icsUtc(expected[i]!)}\r\n`);
      expect(byIcalJs.find((e) => e.uid === uidOf(event))!.start).toBe(expected[i]);
      expect(byNodeIcal.get(uidOf(event))!.start.toISOString()).toBe(expected[i]);
      expect(byNodeIcal.get(uidOf(event))!.end?.toISOString()).toBe(
        DateTime.fromISO(expected[i]!).plus({ hours: 1 }).toUTC().toISO(),
      );
    });
  });

  it('refuses a bad body with 400 validation_failed naming the field', async () => {
    const { owner } = await firmWithCase();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'scope'],
      [{ scope: 'all' }, 'scope'],
      [{ scope: 'case' }, 'caseId'],
      [{ scope: 'case', caseId: 'abc' }, 'caseId'],
      [{ scope: 'me', caseId: randomUUID() }, 'caseId'],
      [{ scope: 'me', color: 'red' }, 'color'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/api/v1/calendar-feeds').set(auth(owner.token)).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'validation_failed',
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await expect(
      t.http().get('/api/v1/calendar-feeds').query({ cursor: 'nope' }).set(auth(owner.token)),
    ).resolves.toMatchObject({ status: 400 });
    await expect(t.http().post('/api/v1/calendar-feeds').send({ scope: 'me' })).resolves.toMatchObject({ status: 401 });
  });

  it('limits fetches per token: 429 rate_limited with Retry-After, other tokens unaffected', async () => {
    const { owner } = await firmWithCase();
    const feed: IssuedFeed = await createStaffFeed(t, owner);
    const other = await createStaffFeed(t, owner);
    const etag = (await fetchFeed(t, feed.url)).headers.etag as string;
    for (let i = 0; i < 59; i++) {
      const res = await fetchFeed(t, feed.url, { 'If-None-Match': etag });
      if (res.status !== 304) throw new Error(`fetch ${i + 2} answered ${res.status}`);
    }
    const limited = await fetchFeed(t, feed.url, { 'If-None-Match': etag });
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body as string)).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await expect(fetchFeed(t, other.url)).resolves.toMatchObject({ status: 200 });
  });

  it('never writes a feed token to the logs: requests are logged as /calendar/[redacted].ics', () => {
    expect(t.secrets.size).toBeGreaterThan(10);
    expect(t.logs.text).toContain('/calendar/[redacted].ics');
    expect(secretsInLogs(t)).toEqual([]);
  });
});
