import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { CaseEventHooks, type CaseEventChange } from '../src/case-events/case-event-hooks.js';
import { CaseEvent } from '../src/case-events/case-event.entity.js';
import { CaseEventsService } from '../src/case-events/case-events.service.js';
import { DomainError } from '../src/common/errors/domain-error.js';
import { Transactions } from '../src/database/transactions.js';
import { createEvent, eventInput, zoomLink, type EventBody } from './factories/case-events.factory.js';
import { addMember, createCase, createClient, signupFirm, type StaffMember } from './factories/identity.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

describe('Case events (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  async function firmWithCase(): Promise<{ owner: StaffMember; caseId: string }> {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const legalCase = await createCase(t, owner, [client.id]);
    return { owner, caseId: legalCase.id };
  }

  const sequenceOf = async (owner: StaffMember, id: string): Promise<number> =>
    (await t.app.get(CaseEventsService).get(owner.user.firmId, id)).sequence;

  it('creates an event and answers it in exactly the contract shape, times in UTC', async () => {
    const { owner, caseId } = await firmWithCase();
    const member = await addMember(t, owner);
    const link = zoomLink();
    const res = await t
      .http()
      .post(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .send({
        title: '  Deposition of the witness  ',
        startsAt: '2026-12-01T15:00:00-05:00',
        endsAt: '2026-12-01T16:30:00-05:00',
        timezone: 'America/New_York',
        location: 'Room 4',
        description: 'Bring exhibits A-C',
        ...link,
        sharedWithClients: true,
        staffIds: [member.user.id, owner.user.id],
      });
    expect(res.status).toBe(201);
    const body = res.body as EventBody;
    expect(body).toEqual({
      id: expect.any(String),
      caseId,
      title: 'Deposition of the witness',
      startsAt: '2026-12-01T20:00:00.000Z',
      endsAt: '2026-12-01T21:30:00.000Z',
      timezone: 'America/New_York',
      location: 'Room 4',
      description: 'Bring exhibits A-C',
      videoLink: link.videoLink,
      zoomMeetingId: link.zoomMeetingId,
      sharedWithClients: true,
      staffIds: [member.user.id, owner.user.id].sort(),
      status: 'scheduled',
      createdBy: owner.user.id,
      createdAt: expect.stringMatching(ISO_Z),
      updatedAt: expect.stringMatching(ISO_Z),
    });
    const read = await t.http().get(`/api/v1/events/${body.id}`).set(auth(owner.token));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(body);
    await expect(sequenceOf(owner, body.id)).resolves.toBe(0);
  });

  it('fills what is absent with null and keeps events unshared by default', async () => {
    const { owner, caseId } = await firmWithCase();
    const res = await t
      .http()
      .post(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .send({ title: 'Call', startsAt: '2026-07-04T09:00:00Z', timezone: 'Europe/Paris' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      startsAt: '2026-07-04T09:00:00.000Z',
      endsAt: null,
      location: null,
      description: null,
      videoLink: null,
      zoomMeetingId: null,
      sharedWithClients: false,
      staffIds: [],
      status: 'scheduled',
    });
  });

  it('refuses invalid input with 400 validation_failed naming the field', async () => {
    const { owner, caseId } = await firmWithCase();
    const other = await signupFirm(t);
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['title missing', { title: undefined }, 'title'],
      ['title blank', { title: '   ' }, 'title'],
      ['title too long', { title: 'x'.repeat(501) }, 'title'],
      ['start without offset', { startsAt: '2026-12-01T15:00:00' }, 'startsAt'],
      ['start not a date', { startsAt: 'next tuesday' }, 'startsAt'],
      ['end without offset', { endsAt: '2026-12-01T16:00:00' }, 'endsAt'],
      ['end before start', { endsAt: '2026-12-01T14:00:00-05:00' }, 'endsAt'],
      ['end equal to start', { endsAt: '2026-12-01T20:00:00Z' }, 'endsAt'],
      ['unknown zone', { timezone: 'Mars/Olympus' }, 'timezone'],
      ['offset as zone', { timezone: 'UTC+5' }, 'timezone'],
      ['http link', { videoLink: 'http://zoom.us/j/123456789' }, 'videoLink'],
      ['not a link', { videoLink: 'zoom meeting' }, 'videoLink'],
      ['link too long', { videoLink: `https://zoom.us/j/1?pwd=${'a'.repeat(2048)}` }, 'videoLink'],
      ['meeting id not digits', { ...zoomLink(), zoomMeetingId: 'abc123' }, 'zoomMeetingId'],
      ['meeting id without link', { zoomMeetingId: '85746065432' }, 'zoomMeetingId'],
      ['location too long', { location: 'x'.repeat(501) }, 'location'],
      ['description too long', { description: 'x'.repeat(10_001) }, 'description'],
      ['shared not boolean', { sharedWithClients: 'yes' }, 'sharedWithClients'],
      ['staff of another firm', { staffIds: [other.user.id] }, 'staffIds'],
      ['staff that do not exist', { staffIds: [randomUUID()] }, 'staffIds'],
      ['staff not ids', { staffIds: ['bob'] }, 'staffIds'],
      ['unknown property', { color: 'red' }, 'color'],
    ];
    for (const [name, overrides, field] of cases) {
      const res = await t
        .http()
        .post(`/api/v1/cases/${caseId}/events`)
        .set(auth(owner.token))
        .send(eventInput(overrides));
      expect({ name, status: res.status, code: res.body.code }).toEqual({
        name,
        status: 400,
        code: 'validation_failed',
      });
      expect({ name, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({
        name,
        fields: expect.arrayContaining([field]),
      });
    }
    const listed = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token));
    expect(listed.body.items).toEqual([]);
  });

  it('keeps each firm to its own cases and events: another firm gets 404 not_found, no token 401', async () => {
    const a = await firmWithCase();
    const b = await firmWithCase();
    const event = await createEvent(t, a.owner, a.caseId);
    const attempts = [
      t.http().post(`/api/v1/cases/${a.caseId}/events`).set(auth(b.owner.token)).send(eventInput()),
      t.http().get(`/api/v1/cases/${a.caseId}/events`).set(auth(b.owner.token)),
      t.http().get(`/api/v1/events/${event.id}`).set(auth(b.owner.token)),
      t.http().patch(`/api/v1/events/${event.id}`).set(auth(b.owner.token)).send({ title: 'Mine now' }),
      t.http().delete(`/api/v1/events/${event.id}`).set(auth(b.owner.token)),
      t.http().get(`/api/v1/events/${randomUUID()}`).set(auth(a.owner.token)),
      t.http().get('/api/v1/events/not-an-id').set(auth(a.owner.token)),
      t.http().post(`/api/v1/cases/${randomUUID()}/events`).set(auth(a.owner.token)).send(eventInput()),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    await expect(t.http().get(`/api/v1/events/${event.id}`).set(auth(a.owner.token))).resolves.toMatchObject({
      status: 200,
      body: { title: event.title, status: 'scheduled' },
    });
    // No staff token at all: 401.
    await expect(t.http().get(`/api/v1/events/${event.id}`)).resolves.toMatchObject({ status: 401 });
  });

  it('pages whole events with all their staff, however many staff an event has', async () => {
    const { owner, caseId } = await firmWithCase();
    const members = [await addMember(t, owner), await addMember(t, owner)];
    const everyone = [owner.user.id, ...members.map((m) => m.user.id)].sort();
    const staffings = [everyone, [], [members[1]!.user.id], everyone.slice(0, 2), everyone];
    const created: EventBody[] = [];
    for (const [i, staffIds] of staffings.entries()) {
      // Shared or not, with or without an end and a location: the page's plain rows must convert every kind of column.
      created.push(
        await createEvent(t, owner, caseId, {
          startsAt: `2026-04-0${i + 1}T10:00:00Z`,
          endsAt: i % 2 ? `2026-04-0${i + 1}T11:30:00.250Z` : null,
          staffIds,
          sharedWithClients: i % 2 === 0,
          ...(i % 2 ? { location: 'Room 7', ...zoomLink() } : {}),
        }),
      );
    }
    const seen: EventBody[] = [];
    let cursor: string | null = null;
    do {
      const res = await t
        .http()
        .get(`/api/v1/cases/${caseId}/events`)
        .set(auth(owner.token))
        .query({ limit: '2', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as EventBody[]));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen.map((e) => [e.id, e.staffIds])).toEqual(created.map((e, i) => [e.id, [...staffings[i]!].sort()]));
    // Each staffed event reads the same on its own.
    for (const event of created) {
      await expect(t.http().get(`/api/v1/events/${event.id}`).set(auth(owner.token))).resolves.toMatchObject({
        body: { staffIds: event.staffIds },
      });
    }
    // The timeline's rows (read plain) and the single event (read as an entity) agree on every field.
    for (const item of seen) {
      expect(item).toEqual((await t.http().get(`/api/v1/events/${item.id}`).set(auth(owner.token))).body);
    }
  });

  it('answers every change on the timeline at once, whichever app instance made it (pages are kept in memory by version)', async () => {
    const { owner, caseId } = await firmWithCase();
    const member = await addMember(t, owner);
    const first = await createEvent(t, owner, caseId, { startsAt: '2026-05-01T10:00:00Z', endsAt: null });
    const second = await createEvent(t, owner, caseId, { startsAt: '2026-05-02T10:00:00Z', endsAt: null });
    // Another instance on the same database; it keeps pages of its own.
    const other = await createTestApp({ databaseUrl: t.databaseUrl });
    other.secrets.add(owner.token);
    try {
      const pages: Array<Record<string, string>> = [{}, { limit: '1' }, { from: '2026-05-01T12:00:00Z' }];
      const read = async (query: Record<string, string>) => {
        const res = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token)).query(query);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        return res.body as { items: EventBody[]; nextCursor: string | null };
      };
      const direct = async (query: Record<string, string>) => {
        const page = await t.app.get(CaseEventsService).timeline(owner.user.firmId, caseId, {
          ...query,
          ...(query.limit ? { limit: Number(query.limit) } : {}),
        } as never);
        return JSON.parse(JSON.stringify(page)) as unknown;
      };
      const expectCurrent = async () => {
        for (const query of pages) {
          // Twice: the first read may build the page, the second is answered from memory if nothing changed.
          await expect(read(query)).resolves.toEqual(await direct(query));
          await expect(read(query)).resolves.toEqual(await direct(query));
        }
      };
      await expectCurrent();
      const edit = (id: string, body: Record<string, unknown>) =>
        other.http().patch(`/api/v1/events/${id}`).set(auth(owner.token)).send(body);
      const changes: Array<[string, () => Promise<unknown>, (items: EventBody[]) => void]> = [
        [
          'title',
          () => edit(first.id, { title: 'Renamed elsewhere' }),
          (items) => expect(items[0]!.title).toBe('Renamed elsewhere'),
        ],
        [
          'staff',
          () => edit(first.id, { staffIds: [member.user.id] }),
          (items) => expect(items[0]!.staffIds).toEqual([member.user.id]),
        ],
        [
          'link',
          () => edit(second.id, zoomLink()),
          (items) => expect(items[1]!.videoLink).toMatch(/^https:\/\/zoom\.us\//),
        ],
        [
          'moved',
          () => edit(second.id, { startsAt: '2026-04-30T10:00:00Z' }),
          (items) => expect(items[0]!.id).toBe(second.id),
        ],
        [
          'cancelled',
          () => other.http().delete(`/api/v1/events/${first.id}`).set(auth(owner.token)),
          (items) => expect(items.find((e) => e.id === first.id)!.status).toBe('cancelled'),
        ],
        [
          'created',
          () =>
            other
              .http()
              .post(`/api/v1/cases/${caseId}/events`)
              .set(auth(owner.token))
              .send(eventInput({ startsAt: '2026-06-01T10:00:00Z', endsAt: null })),
          (items) => expect(items).toHaveLength(3),
        ],
      ];
      for (const [, change, check] of changes) {
        const res = (await change()) as { status: number };
        expect([200, 201, 204]).toContain(res.status);
        check((await read({})).items);
        await expectCurrent();
      }
    } finally {
      await other.close();
    }
  });

  it('gives the timeline an ETag: the same page answers 304 to it, a changed one 200 with a new ETag', async () => {
    const { owner, caseId } = await firmWithCase();
    const event = await createEvent(t, owner, caseId);
    const first = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token));
    expect(first.headers.etag).toMatch(/^W\/".+"$/);
    const again = await t
      .http()
      .get(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    await t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send({ location: 'Room 12' }).expect(200);
    const changed = await t
      .http()
      .get(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .set('If-None-Match', first.headers.etag as string);
    expect(changed.status).toBe(200);
    expect(changed.body.items[0].location).toBe('Room 12');
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it('lists the timeline by startsAt then id, filters by from/to, and pages with an opaque cursor', async () => {
    const { owner, caseId } = await firmWithCase();
    const other = await createCase(t, owner, []);
    await createEvent(t, owner, other.id, { startsAt: '2026-03-02T10:00:00Z', endsAt: null });
    const starts = [
      '2026-03-05T10:00:00Z',
      '2026-03-01T10:00:00Z',
      '2026-03-03T12:00:00+02:00',
      '2026-03-03T10:00:00Z',
      '2026-03-02T10:00:00Z',
    ];
    const created: EventBody[] = [];
    for (const startsAt of starts) created.push(await createEvent(t, owner, caseId, { startsAt, endsAt: null }));
    const expected = [...created]
      .sort((x, y) => x.startsAt.localeCompare(y.startsAt) || x.id.localeCompare(y.id))
      .map((e) => e.id);

    const all = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token));
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((e: EventBody) => e.id)).toEqual(expected);
    // Two events start at the same instant (12:00+02:00 is 10:00Z): the id breaks the tie.
    expect(all.body.items.filter((e: EventBody) => e.startsAt === '2026-03-03T10:00:00.000Z')).toHaveLength(2);

    const range = await t
      .http()
      .get(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .query({ from: '2026-03-02T05:00:00-05:00', to: '2026-03-05T10:00:00Z' });
    expect(range.status).toBe(200);
    expect(range.body.items.map((e: EventBody) => e.startsAt)).toEqual([
      '2026-03-02T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
    ]);

    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t
        .http()
        .get(`/api/v1/cases/${caseId}/events`)
        .set(auth(owner.token))
        .query({ limit: '2', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.items.map((e: EventBody) => e.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(paged).toEqual(expected);
    expect(pages).toBe(3);

    for (const query of [
      { cursor: 'garbage' },
      { limit: '0' },
      { limit: '501' },
      { limit: 'ten' },
      { from: '2026-03-01' },
      { from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      { sort: 'desc' },
    ]) {
      const res = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token)).query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
  });

  it('edits any field, keeps the link on other edits, and counts every real change in sequence', async () => {
    const { owner, caseId } = await firmWithCase();
    const member = await addMember(t, owner);
    const link = zoomLink();
    const event = await createEvent(t, owner, caseId, { ...link, description: 'Internal notes' });
    const patch = (body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send(body);

    const renamed = await patch({
      title: 'Moved hearing',
      startsAt: '2026-12-02T15:00:00-05:00',
      endsAt: '2026-12-02T17:00:00-05:00',
      staffIds: [member.user.id],
      location: 'Court 2',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      title: 'Moved hearing',
      startsAt: '2026-12-02T20:00:00.000Z',
      endsAt: '2026-12-02T22:00:00.000Z',
      location: 'Court 2',
      staffIds: [member.user.id],
      videoLink: link.videoLink,
      zoomMeetingId: link.zoomMeetingId,
      description: 'Internal notes',
      createdAt: event.createdAt,
    });
    await expect(sequenceOf(owner, event.id)).resolves.toBe(1);

    // The same values again change nothing, so calendars are not told of an edit.
    const same = await patch({ title: 'Moved hearing', videoLink: link.videoLink });
    expect(same.status).toBe(200);
    expect(same.body.updatedAt).toBe(renamed.body.updatedAt);
    await expect(sequenceOf(owner, event.id)).resolves.toBe(1);

    await expect(patch({ sharedWithClients: true })).resolves.toMatchObject({
      status: 200,
      body: { sharedWithClients: true, videoLink: link.videoLink },
    });
    await expect(sequenceOf(owner, event.id)).resolves.toBe(2);

    // An end before the stored start is refused, and so is a start after the stored end.
    const badEnd = await patch({ endsAt: '2026-12-02T14:00:00-05:00' });
    expect(badEnd.status).toBe(400);
    expect(badEnd.body.errors).toEqual([{ field: 'endsAt', message: 'endsAt must be after startsAt' }]);
    await expect(patch({ startsAt: '2026-12-03T15:00:00-05:00' })).resolves.toMatchObject({
      status: 400,
      body: { code: 'validation_failed' },
    });
    for (const body of [
      { title: null },
      { startsAt: null },
      { timezone: null },
      { sharedWithClients: null },
      { staffIds: null },
      { title: '' },
      { nope: 1 },
    ]) {
      const res = await patch(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    await expect(sequenceOf(owner, event.id)).resolves.toBe(2);

    const cleared = await patch({ videoLink: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({
      videoLink: null,
      zoomMeetingId: null,
      title: 'Moved hearing',
      location: 'Court 2',
    });
    await expect(sequenceOf(owner, event.id)).resolves.toBe(3);

    // A replaced link drops the meeting id that belonged to the old one.
    const zoom = zoomLink();
    await expect(patch(zoom)).resolves.toMatchObject({ status: 200, body: zoom });
    const meet = await patch({ videoLink: 'https://meet.example.com/abc-defg-hij' });
    expect(meet.body).toMatchObject({ videoLink: 'https://meet.example.com/abc-defg-hij', zoomMeetingId: null });
    await expect(patch({ endsAt: null, location: null, description: null, staffIds: [] })).resolves.toMatchObject({
      status: 200,
      body: { endsAt: null, location: null, description: null, staffIds: [] },
    });
    await expect(sequenceOf(owner, event.id)).resolves.toBe(6);
    await expect(t.http().get(`/api/v1/events/${event.id}`).set(auth(owner.token))).resolves.toMatchObject({
      body: { staffIds: [], endsAt: null },
    });
  });

  it('cancels instead of deleting, idempotently, and refuses edits to a cancelled event', async () => {
    const { owner, caseId } = await firmWithCase();
    const event = await createEvent(t, owner, caseId, zoomLink());
    await t.http().delete(`/api/v1/events/${event.id}`).set(auth(owner.token)).expect(204);
    const kept = await t.http().get(`/api/v1/events/${event.id}`).set(auth(owner.token));
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({
      id: event.id,
      status: 'cancelled',
      title: event.title,
      videoLink: event.videoLink,
    });
    await expect(sequenceOf(owner, event.id)).resolves.toBe(1);

    await t.http().delete(`/api/v1/events/${event.id}`).set(auth(owner.token)).expect(204);
    await expect(sequenceOf(owner, event.id)).resolves.toBe(1);
    const stored = await t.app.get(CaseEventsService).get(owner.user.firmId, event.id);
    expect(stored.cancelledAt).toBeInstanceOf(Date);

    const edit = await t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send({ title: 'Back on' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('event_cancelled');
    const timeline = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token));
    expect(timeline.body.items).toEqual([expect.objectContaining({ id: event.id, status: 'cancelled' })]);
  });

  it('tells registered listeners of every change inside the transaction that makes it', async () => {
    const { owner, caseId } = await firmWithCase();
    const seen: Array<{ change: CaseEventChange; stored: CaseEvent | null }> = [];
    const hooks = t.app.get(CaseEventHooks);
    const transactions = t.app.get(Transactions);
    const unregister = hooks.register(async (change) => {
      if (change.after.caseId !== caseId) return;
      // Read through the ambient transaction: the row already holds the change, before any commit.
      expect(transactions.inTransaction).toBe(true);
      seen.push({ change, stored: await transactions.manager.findOneBy(CaseEvent, { id: change.after.id }) });
      if (change.after.title === 'Refused by a listener') throw new DomainError('conflict', 'A listener said no.');
    });
    try {
      const event = await createEvent(t, owner, caseId, { staffIds: [owner.user.id] });
      await t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send({ title: 'Renamed' }).expect(200);
      await t.http().delete(`/api/v1/events/${event.id}`).set(auth(owner.token)).expect(204);
      await t.http().delete(`/api/v1/events/${event.id}`).set(auth(owner.token)).expect(204);

      expect(seen.map((s) => s.change.kind)).toEqual(['created', 'updated', 'cancelled']);
      const [created, updated, cancelled] = seen;
      expect(created!.change.before).toBeNull();
      expect(created!.change.after).toMatchObject({
        id: event.id,
        title: event.title,
        sequence: 0,
        staffIds: [owner.user.id],
        firmId: owner.user.firmId,
      });
      expect(created!.stored).toMatchObject({ id: event.id, sequence: 0 });
      expect(updated!.change.before).toMatchObject({ title: event.title, sequence: 0 });
      expect(updated!.change.after).toMatchObject({ title: 'Renamed', sequence: 1, staffIds: [owner.user.id] });
      expect(updated!.stored).toMatchObject({ title: 'Renamed', sequence: 1 });
      expect(cancelled!.change.before).toMatchObject({ status: 'scheduled', sequence: 1 });
      expect(cancelled!.change.after).toMatchObject({
        status: 'cancelled',
        sequence: 2,
        cancelledAt: expect.any(Date),
      });
      expect(cancelled!.stored).toMatchObject({ status: 'cancelled', sequence: 2 });

      // A listener that fails takes the change down with it.
      const refused = await t
        .http()
        .post(`/api/v1/cases/${caseId}/events`)
        .set(auth(owner.token))
        .send(eventInput({ title: 'Refused by a listener' }));
      expect(refused.status).toBe(409);
      const timeline = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth(owner.token));
      expect(timeline.body.items.map((e: EventBody) => e.id)).toEqual([event.id]);
    } finally {
      unregister();
    }
  });

  it('lets another module set the video link inside its own transaction', async () => {
    const { owner, caseId } = await firmWithCase();
    const event = await createEvent(t, owner, caseId, { location: 'Room 9' });
    const service = t.app.get(CaseEventsService);
    const link = zoomLink();
    const transactions = t.app.get(Transactions);
    const after = await transactions.run(async () => {
      const locked = await service.getForUpdate(owner.user.firmId, event.id);
      expect(locked).toMatchObject({ id: event.id, videoLink: null, sequence: 0 });
      return service.setVideoLink(locked, link.videoLink, link.zoomMeetingId);
    });
    expect(after).toMatchObject({ ...link, sequence: 1, location: 'Room 9' });
    const read = await t.http().get(`/api/v1/events/${event.id}`).set(auth(owner.token));
    expect(read.body).toMatchObject({ ...link, location: 'Room 9' });
    const other = await signupFirm(t);
    await expect(transactions.run(() => service.getForUpdate(other.user.firmId, event.id))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('never logs the secrets the test used', () => {
    expect(secretsInLogs(t)).toEqual([]);
  });
});
