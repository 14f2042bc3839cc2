import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEvent, zoomLink } from './factories/case-events.factory.js';
import {
  addMember,
  createCase,
  createClient,
  portalLogin,
  signupFirm,
  type StaffMember,
} from './factories/identity.factory.js';
import { createTemplate, templateInput } from './factories/messaging.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

describe('Messaging: merge fields, templates and render (e2e)', () => {
  let t: TestApp;
  let owner: StaffMember;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signupFirm(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const saveTemplate = (staff: StaffMember, body: Record<string, unknown>) =>
    t.http().post('/api/v1/messaging/templates').set(auth(staff.token)).send(body);

  it('lists the merge fields to staff only', async () => {
    const res = await t.http().get('/api/v1/messaging/merge-fields').set(auth(owner.token));
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const names = res.body.items.map((f: { name: string }) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'client_first_name',
        'client_last_name',
        'client_full_name',
        'event_title',
        'event_date',
        'event_time',
        'event_timezone',
        'event_location',
        'video_link',
        'case_title',
        'firm_name',
      ]),
    );
    expect(res.body.items.find((f: { name: string }) => f.name === 'event_date')).toEqual({
      name: 'event_date',
      description: expect.any(String),
      example: 'Tuesday, December 1, 2026',
    });
    await expect(t.http().get('/api/v1/messaging/merge-fields')).resolves.toMatchObject({ status: 401 });
    const client = await createClient(t, owner);
    const clientToken = await portalLogin(t, client);
    await expect(t.http().get('/api/v1/messaging/merge-fields').set(auth(clientToken))).resolves.toMatchObject({
      status: 401,
    });
  });

  it('creates, reads, lists, edits and deletes templates', async () => {
    const firm = await signupFirm(t);
    const sms = await saveTemplate(firm, templateInput('sms', { subject: 'ignored for SMS' }));
    expect(sms.status).toBe(201);
    expect(sms.body).toMatchObject({
      firmId: firm.user.firmId,
      channel: 'sms',
      subject: null,
      createdBy: firm.user.id,
    });
    expect(sms.body.createdAt).toMatch(/Z$/);
    const email = await createTemplate(t, firm, 'email');
    expect(email.subject).toBe('Reminder: {{ event_title }} on {{ event_date }}');

    await expect(t.http().get(`/api/v1/messaging/templates/${email.id}`).set(auth(firm.token))).resolves.toMatchObject({
      status: 200,
      body: email,
    });
    const list = await t.http().get('/api/v1/messaging/templates').set(auth(firm.token));
    expect(list.body).toEqual({ items: [sms.body, email], nextCursor: null });

    const patched = await t
      .http()
      .patch(`/api/v1/messaging/templates/${email.id}`)
      .set(auth(firm.token))
      .send({ name: '  Day before  ', body: '<p>{{ video_link }}</p>' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Day before', body: '<p>{{ video_link }}</p>', subject: email.subject });
    // An edit is checked like a new template, and a refused edit changes nothing.
    const badEdit = await t
      .http()
      .patch(`/api/v1/messaging/templates/${email.id}`)
      .set(auth(firm.token))
      .send({ subject: 'Hi {{ client_nickname }}' });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body).toMatchObject({ code: 'unknown_merge_field', fields: ['client_nickname'] });
    await expect(t.http().get(`/api/v1/messaging/templates/${email.id}`).set(auth(firm.token))).resolves.toMatchObject({
      body: { subject: email.subject },
    });
    // Turning an SMS template into an email one needs a subject.
    const noSubject = await t
      .http()
      .patch(`/api/v1/messaging/templates/${sms.body.id}`)
      .set(auth(firm.token))
      .send({ channel: 'email' });
    expect(noSubject.status).toBe(400);
    expect(noSubject.body.errors[0].field).toBe('subject');

    await t.http().delete(`/api/v1/messaging/templates/${sms.body.id}`).set(auth(firm.token)).expect(204);
    await expect(
      t.http().get(`/api/v1/messaging/templates/${sms.body.id}`).set(auth(firm.token)),
    ).resolves.toMatchObject({ status: 404, body: { code: 'not_found' } });
    await expect(
      t.http().delete(`/api/v1/messaging/templates/${sms.body.id}`).set(auth(firm.token)),
    ).resolves.toMatchObject({ status: 404 });
  });

  it('pages the list in creation order with cursor and limit', async () => {
    const firm = await signupFirm(t);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createTemplate(t, firm));
    const first = await t.http().get('/api/v1/messaging/templates?limit=2').set(auth(firm.token));
    expect(first.body.items.map((x: { id: string }) => x.id)).toEqual([made[0].id, made[1].id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t
      .http()
      .get(`/api/v1/messaging/templates?limit=2&cursor=${first.body.nextCursor}`)
      .set(auth(firm.token));
    expect(second.body).toEqual({ items: [made[2]], nextCursor: null });
    await expect(
      t.http().get('/api/v1/messaging/templates?cursor=garbage').set(auth(firm.token)),
    ).resolves.toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    await expect(t.http().get('/api/v1/messaging/templates?limit=501').set(auth(firm.token))).resolves.toMatchObject({
      status: 400,
    });
  });

  it("keeps each firm's templates to itself", async () => {
    const firmA = await signupFirm(t);
    const firmB = await signupFirm(t);
    const template = await createTemplate(t, firmA);
    for (const req of [
      t.http().get(`/api/v1/messaging/templates/${template.id}`),
      t.http().patch(`/api/v1/messaging/templates/${template.id}`).send({ name: 'Mine now' }),
      t.http().delete(`/api/v1/messaging/templates/${template.id}`),
    ]) {
      const res = await req.set(auth(firmB.token));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    await expect(t.http().get('/api/v1/messaging/templates').set(auth(firmB.token))).resolves.toMatchObject({
      body: { items: [], nextCursor: null },
    });
    await expect(
      t.http().get(`/api/v1/messaging/templates/${template.id}`).set(auth(firmA.token)),
    ).resolves.toMatchObject({ status: 200, body: { name: template.name } });
  });

  it('lets any staff read templates, and only team_settings change them', async () => {
    const member = await addMember(t, owner, []);
    const template = await createTemplate(t, owner);
    await expect(
      t.http().get(`/api/v1/messaging/templates/${template.id}`).set(auth(member.token)),
    ).resolves.toMatchObject({ status: 200 });
    await expect(t.http().get('/api/v1/messaging/templates').set(auth(member.token))).resolves.toMatchObject({
      status: 200,
    });
    for (const req of [
      t.http().post('/api/v1/messaging/templates').send(templateInput()),
      t.http().patch(`/api/v1/messaging/templates/${template.id}`).send({ name: 'x' }),
      t.http().delete(`/api/v1/messaging/templates/${template.id}`),
    ]) {
      const res = await req.set(auth(member.token));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('team_settings_required');
    }
  });

  it('validates the request: email needs a subject, unknown properties and channels are refused', async () => {
    const noSubject = await saveTemplate(owner, { channel: 'email', name: 'N', body: 'Hi' });
    expect(noSubject.status).toBe(400);
    expect(noSubject.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'subject' }] });
    const extra = await saveTemplate(owner, { ...templateInput(), html: true });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('html');
    const channel = await saveTemplate(owner, { ...templateInput(), channel: 'fax' });
    expect(channel.body.errors[0].field).toBe('channel');
  });

  it('refuses an unknown merge field by name, and a syntax error with its line and column', async () => {
    const unknown = await saveTemplate(
      owner,
      templateInput('sms', { body: 'Hi {{ client_first_name }} {{client_nickname}}' }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'unknown_merge_field', fields: ['client_nickname'] });
    expect(unknown.body.message).toContain('client_nickname');

    const syntax = await saveTemplate(
      owner,
      templateInput('sms', { body: 'Hello {{ client_first_name }}\nSee you {% if video_link %}online' }),
    );
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ code: 'template_syntax_error', line: 2, column: 9, field: 'body' });

    const unclosed = await saveTemplate(owner, templateInput('email', { subject: 'Hi\n  {{ event_title' }));
    expect(unclosed.body).toMatchObject({ code: 'template_syntax_error', field: 'subject', line: 2, column: 3 });
  });

  it('contains template attacks: prototype names, file includes, loop bombs', async () => {
    for (const body of [
      '{{ constructor }}',
      '{{ video_link.constructor }}',
      '{{ __proto__ }}',
      "{{ video_link['__proto__'].constructor }}",
      '{{ client_first_name.__proto__ }}',
    ]) {
      const res = await saveTemplate(owner, templateInput('sms', { body }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('unknown_merge_field');
    }
    for (const body of ["{% include '/etc/passwd' %}", "{% render '../../.env' %}", "{% layout 'x' %}"]) {
      const res = await saveTemplate(owner, templateInput('sms', { body }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('template_syntax_error');
      expect(JSON.stringify(res.body)).not.toMatch(/root:|ENOENT|\/etc\//);
    }
    const bomb = await saveTemplate(
      owner,
      templateInput('sms', { body: '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}' }),
    );
    expect(bomb.status).toBe(400);
    expect(bomb.body.code).toBe('template_too_costly');
    const sneaky = await saveTemplate(
      owner,
      templateInput('sms', { body: '{% assign y = video_link %}{{ y.constructor }}' }),
    );
    expect(sneaky.body.code).toBe('template_render_failed');
    // Still serving.
    await expect(t.http().get('/api/v1/messaging/merge-fields').set(auth(owner.token))).resolves.toMatchObject({
      status: 200,
    });
  });

  describe('render', () => {
    let firm: StaffMember;
    let client: { id: string };
    let event: { id: string; videoLink: string | null };

    beforeAll(async () => {
      firm = await signupFirm(t, { firmName: 'Acme & Sons', timezone: 'America/New_York' });
      client = await createClient(t, firm, { firstName: '<b>&', lastName: 'Client', timezone: 'Asia/Kolkata' });
      const legalCase = await createCase(t, firm, [client.id]);
      event = await createEvent(t, firm, legalCase.id, {
        title: 'Hearing',
        startsAt: '2026-12-01T15:00:00-05:00',
        ...zoomLink(),
        sharedWithClients: true,
      });
    });

    const render = (body: Record<string, unknown>, staff: StaffMember = firm) =>
      t
        .http()
        .post('/api/v1/messaging/render')
        .set(auth(staff.token))
        .send({ eventId: event.id, clientId: client.id, ...body });

    it("HTML-escapes values in an email body, not in the subject, in the client's time zone", async () => {
      const template = await createTemplate(t, firm, 'email', {
        subject: '{{ client_first_name }}: {{ event_title }} on {{ event_date }}',
        body: '<p>{{ client_first_name }}, {{ event_time }} {{ event_timezone }}: <a href="{{ video_link }}">join</a> ({{ firm_name }})</p>',
      });
      const res = await render({ templateId: template.id });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        subject: '<b>&: Hearing on Wednesday, December 2, 2026',
        body: `<p>&lt;b&gt;&amp;, 1:30 AM GMT+5:30: <a href="${event.videoLink!.replace(/&/g, '&amp;')}">join</a> (Acme &amp; Sons)</p>`,
      });
    });

    it('leaves an SMS as-is and counts its segments: GSM-7, then UCS-2 for an emoji', async () => {
      const plain = await render({
        channel: 'sms',
        body: 'Hi {{ client_first_name }} [{{ firm_name }}] {{ video_link }}',
      });
      expect(plain.status).toBe(200);
      expect(plain.body).toEqual({
        body: `Hi <b>& [Acme & Sons] ${event.videoLink}`,
        smsSegments: 1,
        smsEncoding: 'GSM-7',
      });
      const emoji = await render({ channel: 'sms', body: '📅 {{ event_title }} {{ event_date }}' });
      expect(emoji.body).toEqual({
        body: '📅 Hearing Wednesday, December 2, 2026',
        smsSegments: 1,
        smsEncoding: 'UCS-2',
      });
    });

    it('checks a draft like a template, and refuses an ambiguous or incomplete request', async () => {
      await expect(render({ channel: 'sms', body: '{{ nope }}' })).resolves.toMatchObject({
        status: 400,
        body: { code: 'unknown_merge_field', fields: ['nope'] },
      });
      await expect(render({ channel: 'email', body: 'x' })).resolves.toMatchObject({
        status: 400,
        body: { errors: [{ field: 'subject' }] },
      });
      const template = await createTemplate(t, firm);
      await expect(render({ templateId: template.id, body: 'x' })).resolves.toMatchObject({
        status: 400,
        body: { errors: [{ field: 'body' }] },
      });
      const neither = await render({});
      expect(neither.status).toBe(400);
      expect(neither.body.errors.map((e: { field: string }) => e.field)).toEqual(['channel', 'body']);
    });

    it("answers another firm's event, client or template as missing, and refuses a client not on the case", async () => {
      const other = await signupFirm(t);
      await expect(render({ channel: 'sms', body: 'x' }, other)).resolves.toMatchObject({
        status: 404,
        body: { code: 'not_found' },
      });
      const foreignTemplate = await createTemplate(t, other);
      await expect(render({ templateId: foreignTemplate.id })).resolves.toMatchObject({ status: 404 });
      const stranger = await createClient(t, firm);
      await expect(render({ channel: 'sms', body: 'x', clientId: stranger.id })).resolves.toMatchObject({
        status: 400,
        body: { errors: [{ field: 'clientId' }] },
      });
    });
  });

  it('writes no secret to the logs', () => {
    expect(secretsInLogs(t)).toEqual([]);
  });
});
