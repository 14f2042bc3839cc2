import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DeliveryWorker } from '../src/reminders/delivery-worker.service.js';
import { bodyOf, SmtpSink } from './emulators/smtp-sink.js';
import { SmsEmulator } from './emulators/sms-emulator.js';
import type { ZoomEmulator } from './emulators/zoom-emulator.js';
import { createEvent, zoomLink } from './factories/case-events.factory.js';
import {
  addMember,
  createCase,
  portalLogin,
  createClient,
  signupFirm,
  uniqueEmail,
  type StaffMember,
} from './factories/identity.factory.js';
import { createTemplate } from './factories/messaging.factory.js';
import { createContactClient, createRule, deliveriesOf, inMinutes } from './factories/reminders.factory.js';
import { APP_URL, connectZoom, startZoom, zoomEnv } from './factories/zoom.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

describe('Reminder rules and deliveries (e2e, real SMTP server and SMS emulator)', () => {
  const sink = new SmtpSink();
  const sms = new SmsEmulator();
  let zoom: ZoomEmulator;
  let t: TestApp;
  let worker: DeliveryWorker;
  const links: string[] = [];
  const auth = (staff: StaffMember) => ({ Authorization: `Bearer ${staff.token}` });
  const smsTo = (phone: string | null) => sms.messages.filter((m) => m.to === phone);
  const emailsTo = (email: string | null) => sink.messages.filter((m) => m.to.includes(email ?? ''));
  const patchEvent = (staff: StaffMember, id: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/events/${id}`).set(auth(staff)).send(body);

  /** A firm with an SMS and an email template, and one reachable client on one case. */
  async function firmWithClient(clientOverrides: Record<string, unknown> = {}) {
    const staff = await signupFirm(t);
    const client = await createContactClient(t, staff, clientOverrides);
    const legalCase = await createCase(t, staff, [client.id]);
    const smsTemplate = await createTemplate(t, staff, 'sms');
    const emailTemplate = await createTemplate(t, staff, 'email');
    return { staff, client, legalCase, smsTemplate, emailTemplate };
  }

  function sharedEvent(
    staff: StaffMember,
    caseId: string,
    minutesAhead: number,
    overrides: Record<string, unknown> = {},
  ) {
    const link = zoomLink();
    links.push(link.videoLink);
    return createEvent(t, staff, caseId, {
      startsAt: inMinutes(minutesAhead),
      endsAt: inMinutes(minutesAhead + 60),
      sharedWithClients: true,
      ...link,
      ...overrides,
    });
  }

  beforeAll(async () => {
    await Promise.all([sink.start(), sms.start()]);
    let clientSecret: string;
    ({ zoom, clientSecret } = await startZoom());
    t = await createTestApp({
      env: {
        ...zoomEnv(zoom, clientSecret),
        SMTP_URL: sink.url,
        MAIL_FROM: 'Acme Law <reminders@acme.test>',
        ...sms.env(),
        WORKER_RETRY_BASE_MS: '50',
      },
    });
    worker = t.app.get(DeliveryWorker);
    // On MySQL every spec file shares one database: send what earlier files left due (Zoom notices), so counts here are this file's own.
    await worker.runOnce();
  });

  beforeEach(() => {
    sink.reset();
    sms.reset();
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([sink.stop(), sms.stop(), zoom.stop()]);
  });

  it('sends exactly one SMS and one email with the join link for a shared event 30 minutes ahead; a second run sends nothing', async () => {
    const { staff, client, legalCase, smsTemplate, emailTemplate } = await firmWithClient();
    const smsRule = await createRule(t, staff, smsTemplate.id, 1440);
    const emailRule = await createRule(t, staff, emailTemplate.id, 120);
    const event = await sharedEvent(staff, legalCase.id, 30);

    const planned = await deliveriesOf(t, staff, event.id);
    expect(planned).toEqual([
      {
        id: expect.any(String),
        clientId: client.id,
        ruleId: smsRule.id,
        channel: 'sms',
        status: 'scheduled',
        dueAt: new Date(Date.parse(event.startsAt) - 1440 * 60_000).toISOString(),
        sentAt: null,
        attempts: 0,
        lastError: null,
      },
      {
        id: expect.any(String),
        clientId: client.id,
        ruleId: emailRule.id,
        channel: 'email',
        status: 'scheduled',
        dueAt: new Date(Date.parse(event.startsAt) - 120 * 60_000).toISOString(),
        sentAt: null,
        attempts: 0,
        lastError: null,
      },
    ]);

    await worker.runOnce();
    const [text] = smsTo(client.phone);
    expect(smsTo(client.phone)).toHaveLength(1);
    expect(text?.body).toContain(event.videoLink);
    // The text sent is the preview's text, rendered now.
    const preview = await t
      .http()
      .post('/api/v1/messaging/render')
      .set(auth(staff))
      .send({ templateId: smsTemplate.id, eventId: event.id, clientId: client.id });
    expect(text?.body).toBe(preview.body.body);
    const emails = emailsTo(client.email);
    expect(emails).toHaveLength(1);
    const emailPreview = await t
      .http()
      .post('/api/v1/messaging/render')
      .set(auth(staff))
      .send({ templateId: emailTemplate.id, eventId: event.id, clientId: client.id });
    expect(emails[0]?.subject).toBe(emailPreview.body.subject);
    expect(bodyOf(emails[0]!)).toBe(emailPreview.body.body);
    expect(bodyOf(emails[0]!)).toContain(`<a href="${event.videoLink}">Join</a>`);

    const sent = await deliveriesOf(t, staff, event.id);
    expect(sent.map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['sent', 1, null],
      ['sent', 1, null],
    ]);
    for (const d of sent) expect(Date.parse(d.sentAt!)).toBeGreaterThan(Date.parse(d.dueAt));

    await expect(worker.runOnce()).resolves.toMatchObject({ sent: 0 });
    expect(smsTo(client.phone)).toHaveLength(1);
    expect(emailsTo(client.email)).toHaveLength(1);
  });

  it('moving the event reschedules; the text carries the link as it is when sent', async () => {
    const { staff, client, legalCase, smsTemplate } = await firmWithClient();
    await createRule(t, staff, smsTemplate.id, 60);
    const event = await sharedEvent(staff, legalCase.id, 3 * 1440, { videoLink: undefined, zoomMeetingId: undefined });
    const [first] = await deliveriesOf(t, staff, event.id);
    expect(first?.dueAt).toBe(new Date(Date.parse(event.startsAt) - 3_600_000).toISOString());

    const later = inMinutes(5 * 1440);
    await patchEvent(staff, event.id, { startsAt: later, endsAt: inMinutes(5 * 1440 + 60) }).expect(200);
    const [moved] = await deliveriesOf(t, staff, event.id);
    expect(moved).toMatchObject({
      id: first?.id,
      status: 'scheduled',
      dueAt: new Date(Date.parse(later) - 3_600_000).toISOString(),
    });
    await worker.runOnce();
    expect(smsTo(client.phone)).toHaveLength(0);

    // Moved to 30 minutes from now: due at once. Then a link is added before the worker runs.
    await patchEvent(staff, event.id, { startsAt: inMinutes(30), endsAt: inMinutes(90) }).expect(200);
    const link = zoomLink();
    links.push(link.videoLink);
    await patchEvent(staff, event.id, link).expect(200);
    await worker.runOnce();
    expect(smsTo(client.phone).map((m) => m.body)).toEqual([expect.stringContaining(link.videoLink)]);
    await expect(deliveriesOf(t, staff, event.id)).resolves.toMatchObject([{ id: first?.id, status: 'sent' }]);
  });

  it('cancelling or unsharing cancels pending deliveries; sharing again schedules the same row again', async () => {
    const { staff, client, legalCase, smsTemplate, emailTemplate } = await firmWithClient();
    await createRule(t, staff, smsTemplate.id, 60);
    await createRule(t, staff, emailTemplate.id, 60);
    const event = await sharedEvent(staff, legalCase.id, 2 * 1440);
    const planned = await deliveriesOf(t, staff, event.id);
    expect(planned.map((d) => d.status)).toEqual(['scheduled', 'scheduled']);

    await patchEvent(staff, event.id, { sharedWithClients: false }).expect(200);
    const unshared = await deliveriesOf(t, staff, event.id);
    expect(unshared.map((d) => [d.status, d.lastError])).toEqual([
      ['cancelled', 'The event is no longer shared with clients.'],
      ['cancelled', 'The event is no longer shared with clients.'],
    ]);

    await patchEvent(staff, event.id, { sharedWithClients: true }).expect(200);
    const reshared = await deliveriesOf(t, staff, event.id);
    expect(reshared.map((d) => [d.id, d.status, d.lastError])).toEqual(planned.map((d) => [d.id, 'scheduled', null]));

    await t.http().delete(`/api/v1/events/${event.id}`).set(auth(staff)).expect(204);
    const cancelled = await deliveriesOf(t, staff, event.id);
    expect(cancelled.map((d) => [d.status, d.lastError])).toEqual([
      ['cancelled', 'The event was cancelled.'],
      ['cancelled', 'The event was cancelled.'],
    ]);

    // An unshared event due now gets nothing either.
    const unsharedSoon = await sharedEvent(staff, legalCase.id, 30, { sharedWithClients: false });
    await expect(deliveriesOf(t, staff, unsharedSoon.id)).resolves.toEqual([]);
    await worker.runOnce();
    expect(smsTo(client.phone)).toHaveLength(0);
    expect(emailsTo(client.email)).toHaveLength(0);
  });

  it('a rule added schedules every upcoming shared event; a rule removed cancels its pending deliveries', async () => {
    const { staff, client, legalCase, smsTemplate, emailTemplate } = await firmWithClient();
    const soon = await sharedEvent(staff, legalCase.id, 2 * 1440);
    const later = await sharedEvent(staff, legalCase.id, 4 * 1440);
    const past = await sharedEvent(staff, legalCase.id, -60);
    await sharedEvent(staff, legalCase.id, 3 * 1440, { sharedWithClients: false });

    const smsRule = await createRule(t, staff, smsTemplate.id, 1440);
    const emailRule = await createRule(t, staff, emailTemplate.id, 60);
    for (const event of [soon, later]) {
      const rows = await deliveriesOf(t, staff, event.id);
      expect(rows.map((d) => [d.ruleId, d.clientId, d.status])).toEqual([
        [smsRule.id, client.id, 'scheduled'],
        [emailRule.id, client.id, 'scheduled'],
      ]);
    }
    await expect(deliveriesOf(t, staff, past.id)).resolves.toEqual([]);

    await t.http().delete(`/api/v1/messaging/reminder-rules/${smsRule.id}`).set(auth(staff)).expect(204);
    for (const event of [soon, later]) {
      const rows = await deliveriesOf(t, staff, event.id);
      expect(rows.map((d) => [d.ruleId, d.status, d.lastError])).toEqual([
        [smsRule.id, 'cancelled', 'The reminder rule was removed.'],
        [emailRule.id, 'scheduled', null],
      ]);
    }
    // Editing the event afterwards leaves the removed rule's rows alone.
    await patchEvent(staff, soon.id, { title: 'Renamed' }).expect(200);
    await expect(deliveriesOf(t, staff, soon.id)).resolves.toMatchObject([
      { ruleId: smsRule.id, status: 'cancelled' },
      { ruleId: emailRule.id, status: 'scheduled' },
    ]);
    const rules = await t.http().get('/api/v1/messaging/reminder-rules').set(auth(staff));
    expect(rules.body).toEqual({ items: [emailRule], nextCursor: null });
  });

  it('skips, with the reason, a client with no phone, no SMS consent or no email, when scheduled and again when sent', async () => {
    const staff = await signupFirm(t);
    const noPhone = await createContactClient(t, staff, { phone: null });
    const noConsent = await createContactClient(t, staff, { smsOptIn: false });
    const noEmail = await createContactClient(t, staff, { email: null });
    const changesMind = await createContactClient(t, staff);
    const legalCase = await createCase(t, staff, [noPhone.id, noConsent.id, noEmail.id, changesMind.id]);
    const smsRule = await createRule(t, staff, (await createTemplate(t, staff, 'sms')).id, 60);
    const emailRule = await createRule(t, staff, (await createTemplate(t, staff, 'email')).id, 60);
    const event = await sharedEvent(staff, legalCase.id, 30);

    const rows = await deliveriesOf(t, staff, event.id);
    const row = (clientId: string, ruleId: string) => rows.find((d) => d.clientId === clientId && d.ruleId === ruleId);
    expect(row(noPhone.id, smsRule.id)).toMatchObject({
      status: 'skipped',
      lastError: 'The client has no phone number.',
    });
    expect(row(noConsent.id, smsRule.id)).toMatchObject({
      status: 'skipped',
      lastError: 'The client has not agreed to receive SMS (smsOptIn is off).',
    });
    expect(row(noEmail.id, emailRule.id)).toMatchObject({
      status: 'skipped',
      lastError: 'The client has no email address.',
    });
    expect(rows.filter((d) => d.status === 'scheduled')).toHaveLength(5);

    // Consent withdrawn after scheduling: checked again when the reminder goes out.
    await t.http().patch(`/api/v1/clients/${changesMind.id}`).set(auth(staff)).send({ smsOptIn: false }).expect(200);
    await worker.runOnce();
    const after = await deliveriesOf(t, staff, event.id);
    expect(after.find((d) => d.clientId === changesMind.id && d.ruleId === smsRule.id)).toMatchObject({
      status: 'skipped',
      lastError: 'The client has not agreed to receive SMS (smsOptIn is off).',
      attempts: 0,
    });
    expect(smsTo(changesMind.phone)).toHaveLength(0);
    expect(sms.messages.map((m) => m.to).sort()).toEqual([noEmail.phone].sort());
    expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(
      [noPhone.email, noConsent.email, changesMind.email].sort(),
    );

    // An event that has already started: past-due reminders are skipped, not sent late.
    const started = await sharedEvent(staff, legalCase.id, -5);
    const late = await deliveriesOf(t, staff, started.id);
    expect(late.map((d) => d.status)).toEqual(Array(8).fill('skipped'));
    expect(
      late.filter((d) => d.lastError === 'The event had already started when this reminder was scheduled.'),
    ).toHaveLength(4);
  });

  it("lists an event's deliveries to its own firm's staff only, in pages", async () => {
    const staff = await signupFirm(t);
    const clients = [await createContactClient(t, staff), await createContactClient(t, staff)];
    const legalCase = await createCase(
      t,
      staff,
      clients.map((c) => c.id),
    );
    await createRule(t, staff, (await createTemplate(t, staff, 'sms')).id, 2880);
    await createRule(t, staff, (await createTemplate(t, staff, 'email')).id, 60);
    const event = await sharedEvent(staff, legalCase.id, 3 * 1440);
    const all = await deliveriesOf(t, staff, event.id);
    expect(all).toHaveLength(4);
    expect(all.map((d) => d.dueAt)).toEqual([...all.map((d) => d.dueAt)].sort());

    const first = await t.http().get(`/api/v1/events/${event.id}/deliveries?limit=3`).set(auth(staff));
    expect(first.body.items).toEqual(all.slice(0, 3));
    const second = await t
      .http()
      .get(`/api/v1/events/${event.id}/deliveries?limit=3&cursor=${first.body.nextCursor}`)
      .set(auth(staff));
    expect(second.body).toEqual({ items: all.slice(3), nextCursor: null });

    const other = await signupFirm(t);
    await expect(t.http().get(`/api/v1/events/${event.id}/deliveries`).set(auth(other))).resolves.toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    const member = await addMember(t, staff, []);
    await expect(t.http().get(`/api/v1/events/${event.id}/deliveries`).set(auth(member))).resolves.toMatchObject({
      status: 200,
    });
    const portalClient = await createClient(t, staff);
    const clientToken = await portalLogin(t, portalClient);
    await expect(
      t.http().get(`/api/v1/events/${event.id}/deliveries`).set('Authorization', `Bearer ${clientToken}`),
    ).resolves.toMatchObject({ status: 401 });
  });

  it("lets team_settings change rules, any staff read them, and keeps each firm's rules to itself", async () => {
    const owner = await signupFirm(t);
    const template = await createTemplate(t, owner, 'sms');
    const member = await addMember(t, owner, []);
    const post = (staff: StaffMember, body: Record<string, unknown>) =>
      t.http().post('/api/v1/messaging/reminder-rules').set(auth(staff)).send(body);

    await expect(post(member, { templateId: template.id, offsetMinutes: 60 })).resolves.toMatchObject({
      status: 403,
      body: { code: 'team_settings_required' },
    });
    const rule = await createRule(t, owner, template.id, 60);
    expect(rule).toMatchObject({
      firmId: owner.user.firmId,
      templateId: template.id,
      offsetMinutes: 60,
      createdBy: owner.user.id,
    });
    await expect(t.http().get('/api/v1/messaging/reminder-rules').set(auth(member))).resolves.toMatchObject({
      status: 200,
      body: { items: [rule], nextCursor: null },
    });
    await expect(
      t.http().delete(`/api/v1/messaging/reminder-rules/${rule.id}`).set(auth(member)),
    ).resolves.toMatchObject({ status: 403 });

    for (const [body, field] of [
      [{ templateId: template.id, offsetMinutes: -1 }, 'offsetMinutes'],
      [{ templateId: template.id, offsetMinutes: 1.5 }, 'offsetMinutes'],
      [{ templateId: 'nope', offsetMinutes: 60 }, 'templateId'],
      [{ templateId: template.id, offsetMinutes: 60, channel: 'sms' }, 'channel'],
    ] as const) {
      const res = await post(owner, body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }

    const other = await signupFirm(t);
    await expect(post(other, { templateId: template.id, offsetMinutes: 60 })).resolves.toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    await expect(
      t.http().delete(`/api/v1/messaging/reminder-rules/${rule.id}`).set(auth(other)),
    ).resolves.toMatchObject({ status: 404 });
    await expect(t.http().get('/api/v1/messaging/reminder-rules').set(auth(other))).resolves.toMatchObject({
      body: { items: [], nextCursor: null },
    });
    await t.http().delete(`/api/v1/messaging/reminder-rules/${rule.id}`).set(auth(owner)).expect(204);
    await expect(
      t.http().delete(`/api/v1/messaging/reminder-rules/${rule.id}`).set(auth(owner)),
    ).resolves.toMatchObject({ status: 404 });
  });

  it('emails the owner once per reconnect_needed transition, with the integrations link', async () => {
    const staff = await signupFirm(t);
    const zoomEmail = uniqueEmail('host');
    const failTwice = async () => {
      zoom.revokeGrantSilently(zoomEmail);
      zoom.expireAccessTokens(zoomEmail);
      for (let i = 0; i < 2; i++) {
        const res = await t
          .http()
          .post('/api/v1/integrations/zoom/meetings')
          .set(auth(staff))
          .send({ title: 'Prep', startsAt: inMinutes(600), timezone: 'America/New_York' });
        expect(res.body.code).toBe('zoom_reconnect_needed');
      }
    };
    await connectZoom(t, staff, zoom, zoomEmail);
    await failTwice();
    await worker.runOnce();
    await worker.runOnce();
    const notices = () => emailsTo(staff.email);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.subject).toBe('Reconnect Zoom to keep adding meetings');
    expect(bodyOf(notices()[0]!)).toContain(`${APP_URL}/account/settings/firm/integrations`);

    // Reconnected, then lost again: a second transition, a second email.
    await connectZoom(t, staff, zoom, zoomEmail);
    await failTwice();
    await worker.runOnce();
    expect(notices()).toHaveLength(2);
    for (const secret of zoom.allIssuedTokens()) t.secrets.add(secret);
  });

  it('keeps message bodies, join links and secrets out of the logs', () => {
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(t.logs.text).not.toContain(link);
    expect(secretsInLogs(t)).toEqual([]);
  });
});
