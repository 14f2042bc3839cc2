import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, insertEvents, type EventBody } from './factories/case-events.factory.js';
import { addMember, createCase, createClient, signupFirm, type StaffMember } from './factories/identity.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** GET /api/v1/events: the firm's calendar across its cases (api.md, "Case events"). */
describe('Firm calendar (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const byTimeline = (a: EventBody, b: EventBody): number =>
    a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id);

  async function firmWithCases(count = 2): Promise<{ owner: StaffMember; caseIds: string[] }> {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const caseIds: string[] = [];
    for (let i = 0; i < count; i++) caseIds.push((await createCase(t, owner, [client.id])).id);
    return { owner, caseIds };
  }

  async function calendar(
    staff: StaffMember,
    query: Record<string, string | number> = {},
  ): Promise<{ items: EventBody[]; nextCursor: string | null }> {
    const res = await t.http().get('/api/v1/events').query(query).set(auth(staff.token));
    expect(res.status).toBe(200);
    return res.body as { items: EventBody[]; nextCursor: string | null };
  }

  /** Every page, following nextCursor; fails on a repeated event. */
  async function allPages(
    staff: StaffMember,
    query: Record<string, string | number>,
  ): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await calendar(staff, { ...query, ...(cursor ? { cursor } : {}) });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(Number(query.limit ?? 100));
      ids.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor && pages < 100);
    expect(new Set(ids).size).toBe(ids.length);
    return { ids, pages };
  }

  it("lists the firm's events across its cases by startsAt, each exactly as GET /events/:id shows it", async () => {
    const {
      owner,
      caseIds: [a, b],
    } = await firmWithCases();
    const created = [
      await createEvent(t, owner, a!, { startsAt: '2027-03-01T10:00:00Z', endsAt: null }),
      await createEvent(t, owner, b!, { startsAt: '2027-01-01T10:00:00-05:00', endsAt: null }),
      await createEvent(t, owner, a!, { startsAt: '2027-02-01T10:00:00Z', endsAt: null }),
      await createEvent(t, owner, b!, { startsAt: '2026-12-31T23:00:00Z', endsAt: null }),
    ];
    const page = await calendar(owner);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((e) => e.id)).toEqual([...created].sort(byTimeline).map((e) => e.id));
    expect(new Set(page.items.map((e) => e.caseId))).toEqual(new Set([a, b]));
    for (const item of page.items) {
      const one = await t.http().get(`/api/v1/events/${item.id}`).set(auth(owner.token));
      expect(item).toEqual(one.body);
    }
  });

  it('pages with cursors through equal start times, with no repeat and no gap, for mine=false and mine=true', async () => {
    const {
      owner,
      caseIds: [a, b],
    } = await firmWithCases();
    const member = await addMember(t, owner);
    const same = '2027-05-05T09:00:00.000Z';
    const events: EventBody[] = [];
    for (let i = 0; i < 9; i++) {
      const startsAt = i % 3 === 0 ? '2027-05-04T09:00:00Z' : same;
      // The member: created some, staffed on some (one both ways), absent from the rest.
      const author = i % 2 === 0 ? member : owner;
      const staffIds = i % 3 === 1 || i === 4 ? [member.user.id] : [];
      events.push(await createEvent(t, author, i % 2 ? a! : b!, { startsAt, endsAt: null, staffIds }));
    }
    expect(events.filter((e) => e.startsAt === same).length).toBeGreaterThanOrEqual(5);
    const everything = events.sort(byTimeline).map((e) => e.id);
    for (const limit of [1, 2, 4]) {
      const { ids, pages } = await allPages(owner, { limit });
      expect(ids).toEqual(everything);
      expect(pages).toBe(Math.ceil(everything.length / limit));
    }
    const mine = events
      .filter((e) => e.createdBy === member.user.id || e.staffIds.includes(member.user.id))
      .map((e) => e.id);
    expect(mine.length).toBeGreaterThan(4);
    for (const limit of [1, 2, 3]) {
      await expect(allPages(member, { mine: 'true', limit }).then((r) => r.ids)).resolves.toEqual(mine);
    }
  });

  it('selects startsAt in [from, to): from is included, to is not', async () => {
    const {
      owner,
      caseIds: [a],
    } = await firmWithCases(1);
    const at = async (startsAt: string) => (await createEvent(t, owner, a!, { startsAt, endsAt: null })).id;
    const before = await at('2027-06-30T23:59:59.999Z');
    const onFrom = await at('2027-07-01T00:00:00.000Z');
    const inside = await at('2027-07-15T12:00:00.000Z');
    const onTo = await at('2027-08-01T00:00:00.000Z');
    const range = { from: '2027-07-01T00:00:00Z', to: '2027-07-31T20:00:00-04:00' };
    await expect(calendar(owner, range).then((p) => p.items.map((e) => e.id))).resolves.toEqual([onFrom, inside]);
    await expect(calendar(owner, { from: range.from }).then((p) => p.items.map((e) => e.id))).resolves.toEqual([
      onFrom,
      inside,
      onTo,
    ]);
    await expect(calendar(owner, { to: range.to }).then((p) => p.items.map((e) => e.id))).resolves.toEqual([
      before,
      onFrom,
      inside,
    ]);
    await expect(calendar(owner, { ...range, mine: 'true' }).then((p) => p.items.map((e) => e.id))).resolves.toEqual([
      onFrom,
      inside,
    ]);
  });

  it("mine=true holds the events the caller is on or created, and no one else's; mine=false holds them all", async () => {
    const {
      owner,
      caseIds: [a, b],
    } = await firmWithCases();
    const me = await addMember(t, owner);
    const colleague = await addMember(t, owner);
    const onStaff = await createEvent(t, owner, a!, {
      endsAt: null,
      startsAt: '2027-01-02T10:00:00Z',
      staffIds: [me.user.id, colleague.user.id],
    });
    const createdByMe = await createEvent(t, me, b!, { endsAt: null, startsAt: '2027-01-03T10:00:00Z' });
    const both = await createEvent(t, me, a!, {
      endsAt: null,
      startsAt: '2027-01-04T10:00:00Z',
      staffIds: [me.user.id],
    });
    const othersOnly = await createEvent(t, colleague, b!, {
      endsAt: null,
      startsAt: '2027-01-01T10:00:00Z',
      staffIds: [colleague.user.id],
    });
    const ownerOnly = await createEvent(t, owner, a!, { endsAt: null, startsAt: '2027-01-05T10:00:00Z' });
    await expect(calendar(me, { mine: 'true' }).then((p) => p.items.map((e) => e.id))).resolves.toEqual([
      onStaff.id,
      createdByMe.id,
      both.id,
    ]);
    await expect(calendar(colleague, { mine: 'true' }).then((p) => p.items.map((e) => e.id))).resolves.toEqual([
      othersOnly.id,
      onStaff.id,
    ]);
    const all = [othersOnly, onStaff, createdByMe, both, ownerOnly].map((e) => e.id);
    await expect(calendar(me, { mine: 'false' }).then((p) => p.items.map((e) => e.id))).resolves.toEqual(all);
    await expect(calendar(me).then((p) => p.items.map((e) => e.id))).resolves.toEqual(all);
  });

  it('includes cancelled events with their status', async () => {
    const {
      owner,
      caseIds: [a],
    } = await firmWithCases(1);
    const kept = await createEvent(t, owner, a!, { endsAt: null, startsAt: '2027-02-01T10:00:00Z' });
    const dropped = await createEvent(t, owner, a!, {
      endsAt: null,
      startsAt: '2027-02-02T10:00:00Z',
      staffIds: [owner.user.id],
    });
    expect((await t.http().delete(`/api/v1/events/${dropped.id}`).set(auth(owner.token))).status).toBe(204);
    for (const mine of ['false', 'true']) {
      const page = await calendar(owner, { mine });
      expect(page.items.map((e) => [e.id, e.status])).toEqual([
        [kept.id, 'scheduled'],
        [dropped.id, 'cancelled'],
      ]);
    }
  });

  it('pages 100 by default and at most 500 at a time', async () => {
    const {
      owner,
      caseIds: [a],
    } = await firmWithCases(1);
    const plans = Array.from({ length: 501 }, (_, i) => ({
      firmId: owner.user.firmId,
      caseId: a!,
      createdBy: owner.user.id,
      startsAt: new Date(Date.UTC(2028, 0, 1) + Math.floor(i / 2) * 60_000),
    }));
    await insertEvents(t.dataSource, plans);
    const first = await calendar(owner);
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).toEqual(expect.any(String));
    const biggest = await calendar(owner, { limit: 500 });
    expect(biggest.items).toHaveLength(500);
    const rest = await calendar(owner, { limit: 500, cursor: biggest.nextCursor! });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const mine = await calendar(owner, { limit: 500, mine: 'true' });
    expect(mine.items).toHaveLength(500);
    await expect(
      calendar(owner, { limit: 500, mine: 'true', cursor: mine.nextCursor! }).then((p) => p.items.length),
    ).resolves.toBe(1);
    for (const limit of ['0', '501', '-1', '2.5', 'ten']) {
      const res = await t.http().get('/api/v1/events').query({ limit }).set(auth(owner.token));
      expect([limit, res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([
        limit,
        400,
        'validation_failed',
        'limit',
      ]);
    }
  });

  it('refuses a bad mine, a time outside 1900–2199, an empty range and a bad cursor with 400 naming the field', async () => {
    const { owner } = await firmWithCases(1);
    const cases: Array<[string, string, string]> = [
      ['mine=maybe', 'mine', 'mine=maybe'],
      ['mine=TRUE', 'mine', 'mine=TRUE'],
      ['mine=1', 'mine', 'mine=1'],
      ['mine twice', 'mine', 'mine=true&mine=false'],
      ['mine empty', 'mine', 'mine='],
      ['from before 1900', 'from', 'from=1899-12-31T23:59:59Z'],
      ['to after 2199', 'to', 'to=2200-01-01T00:00:00Z'],
      ['from without offset', 'from', 'from=2027-01-01T10:00:00'],
      ['from not a date', 'from', 'from=yesterday'],
      ['to not after from', 'to', 'from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z'],
      ['cursor not base64 JSON', 'cursor', 'cursor=not-a-cursor'],
      [
        'cursor with a time out of range',
        'cursor',
        `cursor=${Buffer.from(JSON.stringify(['2200-01-01T00:00:00.000Z', owner.user.id])).toString('base64url')}`,
      ],
      ['unknown parameter', 'mineOnly', 'mineOnly=true'],
    ];
    for (const [what, field, query] of cases) {
      const res = await t.http().get(`/api/v1/events?${query}`).set(auth(owner.token));
      expect([what, res.status, res.body.code, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([
        what,
        400,
        'validation_failed',
        [field],
      ]);
    }
    expect((await t.http().get('/api/v1/events')).status).toBe(401);
  });

  it("never shows another firm's events, whatever the cursor or the range", async () => {
    const mineFirm = await firmWithCases(1);
    const other = await firmWithCases(1);
    const ours = await createEvent(t, mineFirm.owner, mineFirm.caseIds[0]!, {
      endsAt: null,
      startsAt: '2027-04-01T10:00:00Z',
      staffIds: [mineFirm.owner.user.id],
    });
    const theirs = [
      await createEvent(t, other.owner, other.caseIds[0]!, {
        endsAt: null,
        startsAt: '2027-03-31T10:00:00Z',
        staffIds: [other.owner.user.id],
      }),
      await createEvent(t, other.owner, other.caseIds[0]!, { endsAt: null, startsAt: '2027-04-01T10:00:00Z' }),
      await createEvent(t, other.owner, other.caseIds[0]!, { endsAt: null, startsAt: '2027-04-02T10:00:00Z' }),
    ];
    // Their cursor, used by us, only says where to start.
    const theirPage = await calendar(other.owner, { limit: 1 });
    const queries: Array<Record<string, string | number>> = [
      {},
      { mine: 'true' },
      { from: '1900-01-01T00:00:00Z', to: '2199-12-31T23:59:59Z' },
      { cursor: theirPage.nextCursor!, limit: 500 },
    ];
    for (const query of queries) {
      await expect(calendar(mineFirm.owner, query).then((p) => p.items.map((e) => e.id))).resolves.toEqual([ours.id]);
    }
    await expect(calendar(other.owner).then((p) => p.items.map((e) => e.id))).resolves.toEqual(theirs.map((e) => e.id));
  });
});
