import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, zoomLink } from './factories/case-events.factory.js';
import { addMember, createCase, createClient, portalLogin, signupFirm } from './factories/identity.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

describe('Client portal (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const PORTAL_KEYS = ['endsAt', 'id', 'location', 'startsAt', 'status', 'timezone', 'title', 'videoLink'];

  it('shows a client the shared events of their own cases, with the link and nothing for staff only', async () => {
    const owner = await signupFirm(t);
    const member = await addMember(t, owner);
    const client = await createClient(t, owner);
    const neighbour = await createClient(t, owner);
    const legalCase = await createCase(t, owner, [client.id], [member.user.id]);
    const otherCase = await createCase(t, owner, [neighbour.id]);
    const link = zoomLink();
    const shared = await createEvent(t, owner, legalCase.id, {
      title: 'Mediation',
      startsAt: '2026-12-01T15:00:00-05:00',
      endsAt: '2026-12-01T16:00:00-05:00',
      location: 'Suite 200',
      description: 'Staff only: client tends to be late',
      ...link,
      sharedWithClients: true,
      staffIds: [member.user.id],
    });
    const unshared = await createEvent(t, owner, legalCase.id, {
      title: 'Internal prep',
      sharedWithClients: false,
      ...zoomLink(),
    });
    await createEvent(t, owner, otherCase.id, { title: 'Neighbour hearing', sharedWithClients: true });

    const res = await t
      .http()
      .get('/api/v1/portal/events')
      .set(auth(await portalLogin(t, client)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: shared.id,
          title: 'Mediation',
          startsAt: '2026-12-01T20:00:00.000Z',
          endsAt: '2026-12-01T21:00:00.000Z',
          timezone: 'America/New_York',
          location: 'Suite 200',
          videoLink: link.videoLink,
          status: 'scheduled',
        },
      ],
      nextCursor: null,
    });
    expect(Object.keys(res.body.items[0]).sort()).toEqual(PORTAL_KEYS);
    const text = JSON.stringify(res.body);
    for (const hidden of [
      'Staff only',
      link.zoomMeetingId,
      member.user.id,
      owner.user.id,
      legalCase.id,
      unshared.id,
      'Internal prep',
      'Neighbour',
    ]) {
      expect(text.replace(link.videoLink, '')).not.toContain(hidden);
    }
  });

  it('shows nothing to a client of another case in the same firm, or of another firm', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const sameFirm = await createClient(t, owner);
    const legalCase = await createCase(t, owner, [client.id]);
    await createCase(t, owner, [sameFirm.id]);
    await createEvent(t, owner, legalCase.id, { sharedWithClients: true, ...zoomLink() });

    const otherOwner = await signupFirm(t);
    const otherClient = await createClient(t, otherOwner);
    await createCase(t, otherOwner, [otherClient.id]);
    const caseless = await createClient(t, owner);

    for (const outsider of [sameFirm, otherClient, caseless]) {
      const res = await t
        .http()
        .get('/api/v1/portal/events')
        .set(auth(await portalLogin(t, outsider)));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    }
  });

  it('refuses a staff token and no token with 401', async () => {
    const owner = await signupFirm(t);
    for (const headers of [auth(owner.token), {}]) {
      const res = await t.http().get('/api/v1/portal/events').set(headers);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
  });

  it('keeps cancelled shared events in the list, marked cancelled, and follows edits', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const legalCase = await createCase(t, owner, [client.id]);
    const event = await createEvent(t, owner, legalCase.id, { sharedWithClients: true, ...zoomLink() });
    const token = await portalLogin(t, client);

    await t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send({ videoLink: null }).expect(200);
    await expect(t.http().get('/api/v1/portal/events').set(auth(token))).resolves.toMatchObject({
      body: { items: [{ id: event.id, videoLink: null, status: 'scheduled' }] },
    });

    await t.http().delete(`/api/v1/events/${event.id}`).set(auth(owner.token)).expect(204);
    const res = await t.http().get('/api/v1/portal/events').set(auth(token));
    expect(res.body.items).toEqual([expect.objectContaining({ id: event.id, status: 'cancelled' })]);

    await t
      .http()
      .patch(`/api/v1/events/${event.id}`)
      .set(auth(owner.token))
      .send({ sharedWithClients: false })
      .expect(409);
    const other = await createEvent(t, owner, legalCase.id, { sharedWithClients: true });
    await t
      .http()
      .patch(`/api/v1/events/${other.id}`)
      .set(auth(owner.token))
      .send({ sharedWithClients: false })
      .expect(200);
    const after = await t.http().get('/api/v1/portal/events').set(auth(token));
    expect(after.body.items.map((e: { id: string }) => e.id)).toEqual([event.id]);
  });

  it("filters by from/to and pages in startsAt order, across all of the client's cases", async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const first = await createCase(t, owner, [client.id]);
    const second = await createCase(t, owner, [client.id]);
    const starts = ['2027-01-10T09:00:00Z', '2027-01-05T09:00:00Z', '2027-01-20T09:00:00Z', '2027-01-15T09:00:00Z'];
    for (const [i, startsAt] of starts.entries()) {
      await createEvent(t, owner, i % 2 ? second.id : first.id, { startsAt, endsAt: null, sharedWithClients: true });
    }
    const token = await portalLogin(t, client);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t
        .http()
        .get('/api/v1/portal/events')
        .set(auth(token))
        .query({ limit: '3', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { startsAt: string }) => e.startsAt));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 5);
    expect(pages).toBe(2);
    expect(seen).toEqual([...starts].sort().map((s) => s.replace('Z', '.000Z')));

    const range = await t
      .http()
      .get('/api/v1/portal/events')
      .set(auth(token))
      .query({ from: '2027-01-10T04:00:00-05:00', to: '2027-01-20T09:00:00Z' });
    expect(range.body.items.map((e: { startsAt: string }) => e.startsAt)).toEqual([
      '2027-01-10T09:00:00.000Z',
      '2027-01-15T09:00:00.000Z',
    ]);

    for (const query of [{ from: 'yesterday' }, { cursor: 'nope' }, { limit: '1000' }, { caseId: first.id }]) {
      const res = await t.http().get('/api/v1/portal/events').set(auth(token)).query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
  });

  it('still answers /portal/me', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const res = await t
      .http()
      .get('/api/v1/portal/me')
      .set(auth(await portalLogin(t, client)));
    expect(res.status).toBe(200);
    expect(res.body.client).toMatchObject({ id: client.id, email: client.email });
    // The firm's zone: what the portal shows times in for a client without a zone of their own.
    expect(res.body.firm).toEqual({ id: owner.user.firmId, name: expect.any(String), timezone: 'America/New_York' });
  });

  it('never logs the secrets the test used', () => {
    expect(secretsInLogs(t)).toEqual([]);
  });
});
