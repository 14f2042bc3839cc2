import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeliveryWorker } from '../src/reminders/delivery-worker.service.js';
import { SmtpSink } from './emulators/smtp-sink.js';
import { SmsEmulator } from './emulators/sms-emulator.js';
import { createEvent, zoomLink } from './factories/case-events.factory.js';
import { addMember, createCase, createClient, signupFirm, type StaffMember } from './factories/identity.factory.js';
import { createTemplate, templateInput } from './factories/messaging.factory.js';
import { createContactClient, createRule, deliveriesOf, inMinutes } from './factories/reminders.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Loops that never end in time: nested so that no single range trips the memory limit first. */
const LOOP_BOMB = '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}';
/** 64,000 characters once rendered: what froze the server for 12 s while its segments were counted. */
const LONG_SMS = '{% for i in (1..6400) %}xxxxxxxxxx{% endfor %}';
const TEN_THOUSAND = 'x'.repeat(10_000);

describe('Messaging: render limits (sms_too_long, template_too_costly) at render, save, check and send (e2e)', () => {
  const sink = new SmtpSink();
  const sms = new SmsEmulator();
  let t: TestApp;
  let firm: StaffMember;
  let client: { id: string };
  let event: { id: string };

  const auth = (staff: StaffMember) => ({ Authorization: `Bearer ${staff.token}` });
  const render = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/messaging/render')
      .set(auth(firm))
      .send({ eventId: event.id, clientId: client.id, ...body });
  const check = (body: Record<string, unknown>, staff: StaffMember = firm) =>
    t.http().post('/api/v1/messaging/templates/check').set(auth(staff)).send(body);

  beforeAll(async () => {
    await Promise.all([sink.start(), sms.start()]);
    t = await createTestApp({ env: { SMTP_URL: sink.url, ...sms.env() } });
    firm = await signupFirm(t);
    client = await createClient(t, firm);
    const legalCase = await createCase(t, firm, [client.id]);
    event = await createEvent(t, firm, legalCase.id, {
      title: 'Hearing',
      startsAt: '2026-12-01T15:00:00-05:00',
      ...zoomLink(),
      sharedWithClients: true,
    });
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([sink.stop(), sms.stop()]);
  });

  describe('render', () => {
    it('refuses an SMS over 1,600 characters with 422 sms_too_long, at once, without counting its segments', async () => {
      const res = await render({ channel: 'sms', body: LONG_SMS });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'sms_too_long', field: 'body' });
      expect(res.body.message).toContain('1,600');
      // UTF-16 code units: 800 emoji are 1,600; one more is too long.
      await expect(render({ channel: 'sms', body: '{% for i in (1..800) %}😀{% endfor %}' })).resolves.toMatchObject({
        status: 200,
        body: { smsEncoding: 'UCS-2' },
      });
      await expect(render({ channel: 'sms', body: '{% for i in (1..801) %}😀{% endfor %}' })).resolves.toMatchObject({
        status: 422,
        body: { code: 'sms_too_long' },
      });
      await expect(render({ channel: 'sms', body: 'x'.repeat(1600) })).resolves.toMatchObject({
        status: 200,
        body: { smsSegments: 11, smsEncoding: 'GSM-7' },
      });
    });

    it('refuses a saved SMS template that renders too long with these values (422), though it passed with the examples', async () => {
      const template = await createTemplate(t, firm, 'sms', {
        body: `{% if event_title == 'Hearing' %}${'x'.repeat(1600)}{% endif %}{{ client_first_name }}`,
      });
      await expect(render({ templateId: template.id })).resolves.toMatchObject({
        status: 422,
        body: { code: 'sms_too_long' },
      });
    });

    it('stops a runaway render with 422 template_too_costly, and keeps serving (how fast: test/load/)', async () => {
      for (const body of [
        { channel: 'sms', body: LOOP_BOMB },
        { channel: 'email', subject: 'S', body: LOOP_BOMB },
        { channel: 'email', subject: LOOP_BOMB, body: 'x' },
        {
          channel: 'email',
          subject: 'S',
          body: "{% assign s = 'xxxxxxxxxx' %}{% for a in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}",
        },
      ]) {
        const res = await render(body);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: 'template_too_costly', field: expect.any(String) });
      }
      await expect(t.http().get('/health')).resolves.toMatchObject({ status: 200 });
    });

    it('refuses an email body over 200,000 characters with 422 template_too_costly; 200,000 is fine', async () => {
      const exactly = await render({
        channel: 'email',
        subject: 'S',
        body: `{% for i in (1..20) %}${TEN_THOUSAND}{% endfor %}`,
      });
      expect(exactly.status).toBe(200);
      expect(exactly.body.body).toHaveLength(200_000);
      const over = await render({
        channel: 'email',
        subject: 'S',
        body: `{% for i in (1..20) %}${TEN_THOUSAND}{% endfor %}x`,
      });
      expect(over.status).toBe(422);
      expect(over.body).toMatchObject({ code: 'template_too_costly', field: 'body' });
      expect(over.body.message).toContain('200,000');
    });
  });

  describe('save', () => {
    const save = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/messaging/templates').set(auth(firm)).send(body);

    it('refuses an SMS template over 1,600 characters with the examples: 400 sms_too_long', async () => {
      const res = await save(templateInput('sms', { body: LONG_SMS }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'sms_too_long', field: 'body' });
      // client_full_name's example is "Carla Client" (12 characters): 1,588 + 12 is the limit exactly.
      await expect(
        save(templateInput('sms', { body: `${'x'.repeat(1588)}{{ client_full_name }}` })),
      ).resolves.toMatchObject({ status: 201 });
      await expect(
        save(templateInput('sms', { body: `${'x'.repeat(1589)}{{ client_full_name }}` })),
      ).resolves.toMatchObject({ status: 400, body: { code: 'sms_too_long' } });
    });

    it('refuses a runaway template and an email body over 200,000 characters: 400 template_too_costly', async () => {
      for (const input of [
        templateInput('sms', { body: LOOP_BOMB }),
        templateInput('email', { body: LOOP_BOMB }),
        templateInput('email', { body: `{% for i in (1..21) %}${TEN_THOUSAND}{% endfor %}` }),
      ]) {
        const res = await save(input);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, code: 'template_too_costly', field: 'body' });
      }
    });

    it('refuses an edit that makes an SMS too long, and keeps the template as it was', async () => {
      const template = await createTemplate(t, firm, 'sms');
      const res = await t
        .http()
        .patch(`/api/v1/messaging/templates/${template.id}`)
        .set(auth(firm))
        .send({ body: LONG_SMS });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('sms_too_long');
      const costly = await t
        .http()
        .patch(`/api/v1/messaging/templates/${template.id}`)
        .set(auth(firm))
        .send({ body: LOOP_BOMB });
      expect(costly.body).toMatchObject({ code: 'template_too_costly' });
      expect(costly.status).toBe(400);
      await expect(t.http().get(`/api/v1/messaging/templates/${template.id}`).set(auth(firm))).resolves.toMatchObject({
        body: { body: template.body },
      });
    });
  });

  describe('POST /messaging/templates/check', () => {
    it('answers 200 {ok: true} for a template saving would accept, to any staff member', async () => {
      await expect(check({ channel: 'sms', body: 'Hi {{ client_first_name }}' })).resolves.toMatchObject({
        status: 200,
        body: { ok: true },
      });
      await expect(
        check({ channel: 'email', subject: 'About {{ event_title }}', body: '<p>{{ video_link }}</p>' }),
      ).resolves.toMatchObject({ status: 200, body: { ok: true } });
      const member = await addMember(t, firm, []);
      await expect(check({ channel: 'sms', body: 'x' }, member)).resolves.toMatchObject({
        status: 200,
        body: { ok: true },
      });
      await expect(
        t.http().post('/api/v1/messaging/templates/check').send({ channel: 'sms', body: 'x' }),
      ).resolves.toMatchObject({ status: 401 });
    });

    it('answers the same 400s saving would give, and stores nothing', async () => {
      const before = await t.http().get('/api/v1/messaging/templates?limit=500').set(auth(firm));
      await expect(check({ channel: 'sms', body: LONG_SMS })).resolves.toMatchObject({
        status: 400,
        body: { code: 'sms_too_long', field: 'body' },
      });
      await expect(check({ channel: 'sms', body: LOOP_BOMB })).resolves.toMatchObject({
        status: 400,
        body: { code: 'template_too_costly' },
      });
      await expect(
        check({ channel: 'email', subject: 'S', body: `{% for i in (1..21) %}${TEN_THOUSAND}{% endfor %}` }),
      ).resolves.toMatchObject({ status: 400, body: { code: 'template_too_costly' } });
      await expect(check({ channel: 'sms', body: 'Hi {{ client_nickname }}' })).resolves.toMatchObject({
        status: 400,
        body: { code: 'unknown_merge_field', fields: ['client_nickname'] },
      });
      await expect(check({ channel: 'sms', body: 'Hi\n {{ video_link ' })).resolves.toMatchObject({
        status: 400,
        body: { code: 'template_syntax_error', line: 2, column: 2 },
      });
      await expect(check({ channel: 'email', body: 'x' })).resolves.toMatchObject({
        status: 400,
        body: { code: 'validation_failed', errors: [{ field: 'subject' }] },
      });
      await expect(check({ channel: 'sms', body: 'x', name: 'not here' })).resolves.toMatchObject({
        status: 400,
        body: { code: 'validation_failed', errors: [{ field: 'name' }] },
      });
      await expect(check({ channel: 'sms', body: 'x'.repeat(16_001) })).resolves.toMatchObject({
        status: 400,
        body: { errors: [{ field: 'body' }] },
      });
      const after = await t.http().get('/api/v1/messaging/templates?limit=500').set(auth(firm));
      expect(after.body.items).toHaveLength(before.body.items.length);
    });
  });

  describe('send', () => {
    /** A template that passes with the examples (client "Carla") and passes a limit for a client with another name. */
    async function dueDelivery(channel: 'sms' | 'email', body: string) {
      const staff = await signupFirm(t);
      const template = await createTemplate(t, staff, channel, {
        body: `{% if client_first_name != 'Carla' %}${body}{% endif %}Hi {{ client_first_name }}`,
      });
      await createRule(t, staff, template.id, 60);
      const reader = await createContactClient(t, staff, { firstName: 'Dana' });
      const legalCase = await createCase(t, staff, [reader.id]);
      const soon = await createEvent(t, staff, legalCase.id, {
        startsAt: inMinutes(30),
        endsAt: inMinutes(90),
        sharedWithClients: true,
      });
      return { staff, reader, event: soon };
    }

    // Settled without a send attempt (attempts stays 0), as a template that cannot render always was.
    it('fails an SMS over 1,600 characters with the reason in words, sends nothing and never retries it', async () => {
      const { staff, reader, event: soon } = await dueDelivery('sms', '{% for i in (1..200) %}xxxxxxxxxx{% endfor %}');
      await t.app.get(DeliveryWorker).runOnce();
      const [row] = await deliveriesOf(t, staff, soon.id);
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 0,
        sentAt: null,
        lastError: expect.stringContaining('longer than 1,600 characters'),
      });
      expect(sms.messages.filter((m) => m.to === reader.phone)).toHaveLength(0);
      await t.app.get(DeliveryWorker).runOnce();
      await expect(deliveriesOf(t, staff, soon.id)).resolves.toMatchObject([{ status: 'failed', attempts: 0 }]);
    });

    it('fails a runaway email with the reason in words, sends nothing and never retries it', async () => {
      const { staff, reader, event: soon } = await dueDelivery('email', LOOP_BOMB);
      await t.app.get(DeliveryWorker).runOnce();
      const [row] = await deliveriesOf(t, staff, soon.id);
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 0,
        sentAt: null,
        lastError: expect.stringContaining('too much time or memory'),
      });
      expect(sink.messages.filter((m) => JSON.stringify(m).includes(reader.email as string))).toHaveLength(0);
    });
  });
});
