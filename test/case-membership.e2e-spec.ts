import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DeliveryWorker } from '../src/reminders/delivery-worker.service.js';
import { SmtpSink } from './emulators/smtp-sink.js';
import { SmsEmulator } from './emulators/sms-emulator.js';
import { createPortalFeed, fetchFeed } from './factories/calendar-feed.factory.js';
import { createEvent, type EventBody } from './factories/case-events.factory.js';
import {
  addMember,
  createCase,
  createClient,
  portalLogin,
  signupFirm,
  type StaffMember,
} from './factories/identity.factory.js';
import { createTemplate } from './factories/messaging.factory.js';
import {
  createContactClient,
  createRule,
  deliveriesOf,
  inMinutes,
  type DeliveryBody,
} from './factories/reminders.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CLIENT_LEFT = 'The client is no longer on the case.';

describe('Case membership: PATCH /cases/:id, and reminders, portal and feeds following it (e2e)', () => {
  const sink = new SmtpSink();
  const sms = new SmsEmulator();
  let t: TestApp;
  let worker: DeliveryWorker;
  const auth = (staff: StaffMember) => ({ Authorization: `Bearer ${staff.token}` });
  const patchCase = (staff: StaffMember, id: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/cases/${id}`).set(auth(staff)).send(body);
  const sharedEvent = (
    staff: StaffMember,
    caseId: string,
    minutesAhead: number,
    overrides: Record<string, unknown> = {},
  ) =>
    createEvent(t, staff, caseId, {
      startsAt: inMinutes(minutesAhead),
      endsAt: inMinutes(minutesAhead + 60),
      sharedWithClients: true,
      ...overrides,
    });
  /** What "the same reminders" means: everything but the row's identity and the client. */
  const shape = (d: DeliveryBody, eventId: string) => ({
    eventId,
    ruleId: d.ruleId,
    channel: d.channel,
    dueAt: d.dueAt,
    status: d.status,
    lastError: d.lastError,
    attempts: d.attempts,
  });
  const sortShapes = <T extends { eventId: string; ruleId: string | null }>(rows: T[]) =>
    rows.sort((a, b) => `${a.eventId}${a.ruleId}`.localeCompare(`${b.eventId}${b.ruleId}`));
  async function rowsOf(staff: StaffMember, events: EventBody[], clientId: string) {
    const rows: Array<DeliveryBody & { eventId: string }> = [];
    for (const event of events)
      rows.push(
        ...(await deliveriesOf(t, staff, event.id))
          .filter((d) => d.clientId === clientId)
          .map((d) => ({ ...d, eventId: event.id })),
      );
    return rows;
  }

  /** A firm with an SMS rule a day ahead and an email rule two hours ahead, and a case with one client from the start. */
  async function firmWithRules() {
    const staff = await signupFirm(t);
    const first = await createContactClient(t, staff);
    const legalCase = await createCase(t, staff, [first.id]);
    const smsRule = await createRule(t, staff, (await createTemplate(t, staff, 'sms')).id, 1440);
    const emailRule = await createRule(t, staff, (await createTemplate(t, staff, 'email')).id, 120);
    return { staff, first, legalCase, smsRule, emailRule };
  }

  beforeAll(async () => {
    await Promise.all([sink.start(), sms.start()]);
    t = await createTestApp({
      env: {
        SMTP_URL: sink.url,
        MAIL_FROM: 'Acme Law <reminders@acme.test>',
        ...sms.env(),
        WORKER_RETRY_BASE_MS: '50',
      },
    });
    worker = t.app.get(DeliveryWorker);
    await worker.runOnce();
  });

  beforeEach(() => {
    sink.reset();
    sms.reset();
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([sink.stop(), sms.stop()]);
  });

  it('a client added gets exactly the reminders of a client present from the start; a past due time goes out at once', async () => {
    const { staff, first, legalCase } = await firmWithRules();
    const soon = await sharedEvent(staff, legalCase.id, 30); // both due times already past: sent at once
    const later = await sharedEvent(staff, legalCase.id, 3 * 1440);
    const started = await sharedEvent(staff, legalCase.id, -30);
    const unshared = await sharedEvent(staff, legalCase.id, 2 * 1440, { sharedWithClients: false });
    const cancelled = await sharedEvent(staff, legalCase.id, 2 * 1440);
    await t.http().delete(`/api/v1/events/${cancelled.id}`).set(auth(staff)).expect(204);
    const noEmail = await createContactClient(t, staff, { email: null });
    const added = await createContactClient(t, staff);

    const res = await patchCase(staff, legalCase.id, { clientIds: [first.id, added.id, noEmail.id] }).expect(200);
    expect(res.body).toMatchObject({ id: legalCase.id, clientIds: [first.id, added.id, noEmail.id] });

    const upcoming = [soon, later];
    const expected = sortShapes((await rowsOf(staff, upcoming, first.id)).map((d) => shape(d, d.eventId)));
    expect(expected).toHaveLength(4);
    expect(sortShapes((await rowsOf(staff, upcoming, added.id)).map((d) => shape(d, d.eventId)))).toEqual(expected);
    // Without an email the email reminders are skipped with the reason, as they would have been from the start.
    expect(sortShapes((await rowsOf(staff, upcoming, noEmail.id)).map((d) => shape(d, d.eventId)))).toEqual(
      expected.map((d) =>
        d.channel === 'email' ? { ...d, status: 'skipped', lastError: 'The client has no email address.' } : d,
      ),
    );
    // Nothing for an event under way, unshared or cancelled.
    await expect(rowsOf(staff, [started, unshared, cancelled], added.id)).resolves.toEqual([]);

    await worker.runOnce();
    expect(sms.messages.filter((m) => m.to === added.phone)).toHaveLength(1);
    expect(sink.messages.filter((m) => m.to.includes(added.email!))).toHaveLength(1);
    const sent = await rowsOf(staff, [soon], added.id);
    expect(sent.map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('a client removed has exactly their scheduled reminders cancelled; added again, nothing goes out twice', async () => {
    const { staff, first, legalCase } = await firmWithRules();
    const soon = await sharedEvent(staff, legalCase.id, 30);
    const later = await sharedEvent(staff, legalCase.id, 3 * 1440);
    const second = await createContactClient(t, staff);
    await patchCase(staff, legalCase.id, { clientIds: [first.id, second.id] }).expect(200);
    await worker.runOnce(); // the reminders of `soon` go out to both
    const firstBefore = await rowsOf(staff, [soon, later], first.id);
    const secondBefore = await rowsOf(staff, [soon, later], second.id);

    await patchCase(staff, legalCase.id, { clientIds: [first.id] }).expect(200);
    const secondRemoved = await rowsOf(staff, [soon, later], second.id);
    expect(secondRemoved).toEqual(
      secondBefore.map((d) => (d.status === 'scheduled' ? { ...d, status: 'cancelled', lastError: CLIENT_LEFT } : d)),
    );
    expect(secondRemoved.map((d) => d.status).sort()).toEqual(['cancelled', 'cancelled', 'sent', 'sent']);
    await expect(rowsOf(staff, [soon, later], first.id)).resolves.toEqual(firstBefore);

    await patchCase(staff, legalCase.id, { clientIds: [first.id, second.id] }).expect(200);
    const secondBack = await rowsOf(staff, [soon, later], second.id);
    // The same rows: the sent ones stay sent, the cancelled ones are scheduled again as they were.
    expect(secondBack.map((d) => [d.id, d.status, d.dueAt, d.lastError])).toEqual(
      secondBefore.map((d) => [d.id, d.status, d.dueAt, d.lastError]),
    );
    sms.reset();
    sink.reset();
    await worker.runOnce();
    expect(sms.messages.filter((m) => m.to === second.phone)).toHaveLength(0);
    expect(sink.messages.filter((m) => m.to.includes(second.email!))).toHaveLength(0);

    // Removed and added back in the same PATCH (a no-op) or in two: still one row per (event, client, rule).
    await patchCase(staff, legalCase.id, { clientIds: [] }).expect(200);
    await patchCase(staff, legalCase.id, { clientIds: [second.id, first.id] }).expect(200);
    await expect(rowsOf(staff, [soon, later], second.id)).resolves.toHaveLength(4);
  });

  it('racing PATCHes (and events created meanwhile) never leave a scheduled reminder for a client who is not on the case', async () => {
    const { staff, first, legalCase } = await firmWithRules();
    const people = [first, ...(await Promise.all([1, 2, 3].map(() => createContactClient(t, staff))))];
    const events = [await sharedEvent(staff, legalCase.id, 2 * 1440), await sharedEvent(staff, legalCase.id, 3 * 1440)];
    for (let round = 0; round < 12; round++) {
      const subsets = [0, 1, 2].map((i) => people.filter((_, p) => (round * 7 + i * 5 + p) % 3 !== 0).map((c) => c.id));
      const [patches, created] = await Promise.all([
        Promise.all(subsets.map((clientIds) => patchCase(staff, legalCase.id, { clientIds }))),
        round % 3 === 0 ? sharedEvent(staff, legalCase.id, (4 + round) * 1440) : Promise.resolve(null),
      ]);
      expect(patches.map((r) => r.status)).toEqual([200, 200, 200]);
      if (created) events.push(created);
    }
    const onCase = new Set<string>(
      (await t.http().get(`/api/v1/cases/${legalCase.id}`).set(auth(staff)).expect(200)).body.clientIds,
    );
    for (const event of events) {
      const rows = await deliveriesOf(t, staff, event.id);
      const scheduledFor = new Set(rows.filter((d) => d.status === 'scheduled').map((d) => d.clientId));
      expect([...scheduledFor].sort()).toEqual([...onCase].sort());
      expect(rows.filter((d) => d.status === 'scheduled')).toHaveLength(onCase.size * 2);
    }
  });

  it("a client removed no longer sees the case's events in the portal or their feed, at once", async () => {
    const staff = await signupFirm(t);
    const client = await createClient(t, staff);
    const other = await createClient(t, staff);
    const legalCase = await createCase(t, staff, [client.id, other.id]);
    const event = await sharedEvent(staff, legalCase.id, 1440, { title: 'Deposition in Dallas' });
    const token = await portalLogin(t, client);
    const feed = await createPortalFeed(t, token);
    const portalEvents = async () =>
      (
        await t
          .http()
          .get('/api/v1/portal/events')
          .set({ Authorization: `Bearer ${token}` })
          .expect(200)
      ).body.items.map((e: { id: string }) => e.id);
    await expect(portalEvents()).resolves.toEqual([event.id]);
    const before = await fetchFeed(t, feed.url);
    expect(before.status).toBe(200);
    expect(before.body).toContain('Deposition in Dallas');

    await patchCase(staff, legalCase.id, { clientIds: [other.id] }).expect(200);
    await expect(portalEvents()).resolves.toEqual([]);
    const after = await fetchFeed(t, feed.url, { 'If-None-Match': before.headers.etag as string });
    expect(after.status).toBe(200);
    expect(after.body).not.toContain('Deposition in Dallas');

    await patchCase(staff, legalCase.id, { clientIds: [other.id, client.id] }).expect(200);
    await expect(portalEvents()).resolves.toEqual([event.id]);
  });

  it("replaces the lists it names and the title; null, foreign ids and other firms' cases are refused", async () => {
    const staff = await signupFirm(t);
    const member = await addMember(t, staff);
    const client = await createContactClient(t, staff);
    const legalCase = await createCase(t, staff, [client.id], [staff.user.id]);
    const outsider = await signupFirm(t);
    const outsiderClient = await createContactClient(t, outsider);
    const outsiderCase = await createCase(t, outsider, [outsiderClient.id]);

    const renamed = await patchCase(staff, legalCase.id, {
      title: '  Estate of Núñez  ',
      staffIds: [member.user.id],
    }).expect(200);
    expect(renamed.body).toMatchObject({
      title: 'Estate of Núñez',
      clientIds: [client.id],
      staffIds: [member.user.id],
    });
    await expect(t.http().get(`/api/v1/cases/${legalCase.id}`).set(auth(staff))).resolves.toMatchObject({
      body: { title: 'Estate of Núñez', clientIds: [client.id], staffIds: [member.user.id] },
    });
    await expect(patchCase(staff, legalCase.id, { clientIds: [], staffIds: [] })).resolves.toMatchObject({
      status: 200,
      body: { clientIds: [], staffIds: [] },
    });

    for (const body of [
      { clientIds: null },
      { staffIds: null },
      { title: null },
      { title: '' },
      { clientIds: ['nope'] },
      { clientIds: [client.id, client.id] },
    ]) {
      const refused = await patchCase(staff, legalCase.id, body);
      expect([refused.status, refused.body.code, refused.body.errors?.[0]?.field]).toEqual([
        400,
        'validation_failed',
        Object.keys(body)[0],
      ]);
    }
    const foreignClient = await patchCase(staff, legalCase.id, { clientIds: [outsiderClient.id] });
    expect([foreignClient.status, foreignClient.body.errors]).toEqual([
      400,
      [{ field: 'clientIds', message: expect.stringContaining(outsiderClient.id) }],
    ]);
    const foreignStaff = await patchCase(staff, legalCase.id, { staffIds: [outsider.user.id] });
    expect([foreignStaff.status, foreignStaff.body.errors]).toEqual([
      400,
      [{ field: 'staffIds', message: expect.stringContaining(outsider.user.id) }],
    ]);
    await expect(t.http().get(`/api/v1/cases/${legalCase.id}`).set(auth(staff))).resolves.toMatchObject({
      body: { clientIds: [], staffIds: [] },
    });

    // Another firm's case is missing, whatever the body.
    for (const body of [{ title: 'Mine now' }, { clientIds: [client.id] }, { clientIds: [outsiderClient.id] }]) {
      await expect(patchCase(staff, outsiderCase.id, body)).resolves.toMatchObject({
        status: 404,
        body: { code: 'not_found' },
      });
    }
    await expect(t.http().get(`/api/v1/cases/${outsiderCase.id}`).set(auth(outsider))).resolves.toMatchObject({
      body: { title: expect.not.stringContaining('Mine'), clientIds: [outsiderClient.id] },
    });
  });
});
