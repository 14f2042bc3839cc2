import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, eventInput } from './factories/case-events.factory.js';
import { createCase, createClient, portalLogin, signupFirm, type StaffMember } from './factories/identity.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** api.md, Conventions: times are between 1900-01-01 and 2199-12-31 (UTC), on every database. */
describe('Times outside 1900–2199 (e2e)', () => {
  let t: TestApp;
  let owner: StaffMember;
  let caseId: string;
  let clientToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signupFirm(t);
    const client = await createClient(t, owner);
    caseId = (await createCase(t, owner, [client.id])).id;
    clientToken = await portalLogin(t, client);
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const OUT_OF_RANGE = [
    '9999-12-31T23:30:00-05:00',
    '1899-12-31T23:59:00Z',
    '2200-01-01T00:00:00Z',
    '2199-12-31T23:30:00-05:00',
    '1900-01-01T00:30:00+01:00',
  ];

  function expectRefused(res: { status: number; body: Record<string, unknown> }, field: string): void {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining('1900') })]),
    );
  }

  it.each(OUT_OF_RANGE)('refuses %s as an event start or end, at create and at patch', async (time) => {
    const start = await t
      .http()
      .post(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .send(eventInput({ startsAt: time, endsAt: null }));
    expectRefused(start, 'startsAt');
    const end = await t
      .http()
      .post(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .send(eventInput({ startsAt: '1900-01-01T00:00:00Z', endsAt: time }));
    expectRefused(end, 'endsAt');

    const event = await createEvent(t, owner, caseId, { sharedWithClients: true });
    expectRefused(
      await t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send({ startsAt: time }),
      'startsAt',
    );
    expectRefused(
      await t.http().patch(`/api/v1/events/${event.id}`).set(auth(owner.token)).send({ endsAt: time }),
      'endsAt',
    );
    const read = await t.http().get(`/api/v1/events/${event.id}`).set(auth(owner.token));
    expect(read.body).toMatchObject({ startsAt: event.startsAt, endsAt: event.endsAt });
  });

  it('accepts the first and the last instant of the range and reads them back exactly, in every list', async () => {
    const created = await createEvent(t, owner, caseId, {
      startsAt: '1900-01-01T00:00:00Z',
      endsAt: '2199-12-31T23:59:59Z',
      sharedWithClients: true,
    });
    expect(created).toMatchObject({ startsAt: '1900-01-01T00:00:00.000Z', endsAt: '2199-12-31T23:59:59.000Z' });
    const patched = await t
      .http()
      .patch(`/api/v1/events/${created.id}`)
      .set(auth(owner.token))
      .send({ startsAt: '2199-12-31T23:59:58.999Z', endsAt: '2199-12-31T18:59:59.999-05:00' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ startsAt: '2199-12-31T23:59:58.999Z', endsAt: '2199-12-31T23:59:59.999Z' });
    const first = await createEvent(t, owner, caseId, {
      startsAt: '1900-01-01T00:00:00Z',
      endsAt: '1900-01-01T01:00:00Z',
      sharedWithClients: true,
    });

    const read = await t.http().get(`/api/v1/events/${first.id}`).set(auth(owner.token));
    expect(read.body).toMatchObject({ startsAt: '1900-01-01T00:00:00.000Z', endsAt: '1900-01-01T01:00:00.000Z' });
    const timeline = await t
      .http()
      .get(`/api/v1/cases/${caseId}/events`)
      .query({ from: '1900-01-01T00:00:00Z', to: '2199-12-31T23:59:59.999Z' })
      .set(auth(owner.token));
    expect(timeline.status).toBe(200);
    const times = (timeline.body.items as Array<{ id: string; startsAt: string; endsAt: string }>).filter((e) =>
      [first.id, created.id].includes(e.id),
    );
    expect(times).toEqual([
      expect.objectContaining({
        id: first.id,
        startsAt: '1900-01-01T00:00:00.000Z',
        endsAt: '1900-01-01T01:00:00.000Z',
      }),
      expect.objectContaining({
        id: created.id,
        startsAt: '2199-12-31T23:59:58.999Z',
        endsAt: '2199-12-31T23:59:59.999Z',
      }),
    ]);
    const portal = await t
      .http()
      .get('/api/v1/portal/events')
      .query({ from: '1900-01-01T00:00:00Z' })
      .set(auth(clientToken));
    expect(portal.status).toBe(200);
    expect(portal.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: first.id, startsAt: '1900-01-01T00:00:00.000Z' }),
        expect.objectContaining({ id: created.id, endsAt: '2199-12-31T23:59:59.999Z' }),
      ]),
    );
  });

  it.each(['from', 'to'])('refuses an out-of-range %s on the timeline and the portal', async (param) => {
    for (const time of OUT_OF_RANGE) {
      expectRefused(
        await t
          .http()
          .get(`/api/v1/cases/${caseId}/events`)
          .query({ [param]: time })
          .set(auth(owner.token)),
        param,
      );
      expectRefused(
        await t
          .http()
          .get('/api/v1/portal/events')
          .query({ [param]: time })
          .set(auth(clientToken)),
        param,
      );
    }
  });

  it('on the meeting form, refuses an out-of-range start as an unparseable one (422) and an end with 400 naming it', async () => {
    const form = { title: 'Consultation', timezone: 'America/New_York' };
    for (const time of OUT_OF_RANGE) {
      const start = await t
        .http()
        .post('/api/v1/integrations/zoom/meetings')
        .set(auth(owner.token))
        .send({ ...form, startsAt: time });
      expect({ status: start.status, code: start.body.code }).toEqual({ status: 422, code: 'event_start_required' });
      const end = await t
        .http()
        .post('/api/v1/integrations/zoom/meetings')
        .set(auth(owner.token))
        .send({ ...form, startsAt: '2026-12-01T15:00:00-05:00', endsAt: time });
      expectRefused(end, 'endsAt');
    }
  });

  it('reads a stored time no driver can read as the first instant of the range, instead of a 500 on every list', async () => {
    const event = await createEvent(t, owner, caseId, { sharedWithClients: true });
    const mysql = !t.databaseUrl.startsWith('sqlite:');
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (mysql) await runner.query("SET SESSION sql_mode = ''");
      await runner.query(
        'UPDATE case_events SET startsAt = ?, endsAt = ? WHERE id = ?',
        mysql
          ? ['0000-00-00 00:00:00', '0000-00-00 00:00:00', event.id]
          : ['10000-01-01T04:30:00.000Z', '2026-13-01 10:00:00', event.id],
      );
    } finally {
      await runner.release();
    }
    const read = await t.http().get(`/api/v1/events/${event.id}`).set(auth(owner.token));
    expect({ status: read.status, startsAt: read.body.startsAt, endsAt: read.body.endsAt }).toEqual({
      status: 200,
      startsAt: '1900-01-01T00:00:00.000Z',
      endsAt: '1900-01-01T00:00:00.000Z',
    });
    await expect(
      t
        .http()
        .get('/api/v1/portal/events')
        .set(auth(clientToken))
        .then((r) => r.status),
    ).resolves.toBe(200);
    await expect(
      t
        .http()
        .get(`/api/v1/cases/${caseId}/events`)
        .set(auth(owner.token))
        .then((r) => r.status),
    ).resolves.toBe(200);
  });

  it('never lets a refused time reach the lists: the timeline and the portal still answer 200', async () => {
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/events`)
      .set(auth(owner.token))
      .send(eventInput({ startsAt: '9999-12-31T23:30:00-05:00', sharedWithClients: true, endsAt: null }));
    await expect(
      t
        .http()
        .get('/api/v1/portal/events')
        .set(auth(clientToken))
        .then((r) => r.status),
    ).resolves.toBe(200);
    await expect(
      t
        .http()
        .get(`/api/v1/cases/${caseId}/events`)
        .set(auth(owner.token))
        .then((r) => r.status),
    ).resolves.toBe(200);
  });
});
