import { describe, expect, it } from '@jest/globals';
import { buildMergeValues, type MergeInput } from './merge-fields.js';
import { MessageRenderer } from './message-renderer.service.js';
import { RenderQueue } from './render-queue.js';
import { TemplateEngine } from './template-engine.js';

const renderer = new MessageRenderer(new TemplateEngine(), new RenderQueue());
const input: MergeInput = {
  client: { firstName: '<b>&', lastName: 'Client', timezone: 'America/New_York' },
  firm: { name: 'Acme & Sons', timezone: 'America/Chicago' },
  event: {
    title: 'Hearing',
    startsAt: new Date('2026-12-01T20:00:00Z'),
    timezone: 'America/New_York',
    location: null,
    videoLink: 'https://zoom.us/j/85746065432',
  },
  caseTitle: 'Smith v. Jones',
};
const values = buildMergeValues(input);
// Rendering is synchronous; as promises, a throw and a value read the same way in the expectations below.
const render = async (...args: Parameters<MessageRenderer['render']>) => renderer.render(...args);
const check = async (...args: Parameters<MessageRenderer['check']>) => renderer.check(...args);

describe('MessageRenderer', () => {
  it('escapes values in an email body but not in its subject, and counts no SMS segments for email', async () => {
    const rendered = await render(
      {
        channel: 'email',
        subject: 'Hi {{ client_first_name }} from {{ firm_name }}',
        body: '<p>Hi {{ client_first_name }}: {{ video_link }}</p>',
      },
      values,
    );
    expect(rendered).toEqual({
      subject: 'Hi <b>& from Acme & Sons',
      body: '<p>Hi &lt;b&gt;&amp;: https://zoom.us/j/85746065432</p>',
    });
  });

  it('leaves an SMS as-is and reports its segments and encoding', async () => {
    await expect(
      render(
        {
          channel: 'sms',
          body: 'Hi {{ client_first_name }}, {{ event_date }} at {{ event_time }} {{ event_timezone }}',
        },
        values,
      ),
    ).resolves.toEqual({
      body: 'Hi <b>&, Tuesday, December 1, 2026 at 3:00 PM EST',
      smsSegments: 1,
      smsEncoding: 'GSM-7',
    });
    const emoji = await render({ channel: 'sms', body: 'See you soon 😀 {{ video_link }}' }, values);
    expect(emoji).toMatchObject({ smsSegments: 1, smsEncoding: 'UCS-2' });
    // UCS-2 fits 70 characters in one segment, 67 per segment once split.
    const long = await render({ channel: 'sms', body: `${'é😀'.repeat(30)}` }, values);
    expect(long).toMatchObject({ smsEncoding: 'UCS-2', smsSegments: 2 });
    const gsmLong = await render({ channel: 'sms', body: 'x'.repeat(161) }, values);
    expect(gsmLong).toMatchObject({ smsEncoding: 'GSM-7', smsSegments: 2 });
  });

  it('ignores a subject on an SMS and requires one on an email', async () => {
    await expect(render({ channel: 'sms', subject: 'ignored', body: 'x' }, values)).resolves.toEqual({
      body: 'x',
      smsSegments: 1,
      smsEncoding: 'GSM-7',
    });
    await expect(render({ channel: 'email', subject: '  ', body: 'x' }, values)).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'subject' }],
    });
  });

  it('keeps a rendered subject on one line', async () => {
    const rendered = await render({ channel: 'email', subject: 'A\n{{ event_title }}\r\nB', body: 'x' }, values);
    expect(rendered.subject).toBe('A Hearing B');
  });

  it('collects unknown fields across subject and body', async () => {
    await expect(
      render({ channel: 'email', subject: '{{ nope_one }}', body: '{{ nope_two }}' }, values),
    ).rejects.toMatchObject({ code: 'unknown_merge_field', details: { fields: ['nope_one', 'nope_two'] } });
  });

  it('check() runs a trial render, so a loop bomb or a too long SMS is refused at save time, with 400', async () => {
    await expect(check({ channel: 'sms', body: 'Hi {{ client_first_name }}' })).resolves.toBeUndefined();
    await expect(
      check({ channel: 'sms', body: '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}' }),
    ).rejects.toMatchObject({ code: 'template_too_costly', status: 400 });
    await expect(
      check({
        channel: 'sms',
        body: `{% for a in (1..100000) %}{% for b in (1..100000) %}${'x'.repeat(100)}{% endfor %}{% endfor %}`,
      }),
    ).rejects.toMatchObject({ code: 'sms_too_long', status: 400 });
    await expect(
      check({ channel: 'email', subject: 'S', body: '{% for i in (1..20001) %}xxxxxxxxxx{% endfor %}' }),
    ).rejects.toMatchObject({ code: 'template_too_costly', status: 400 });
  });

  it('refuses an SMS over 1,600 characters before counting its segments; at render the status is 422', async () => {
    const error = await render(
      { channel: 'sms', body: '{% for i in (1..6400) %}xxxxxxxxxx{% endfor %}' },
      values,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'sms_too_long' });
    expect((error as { status?: number }).status).toBe(422);
    await expect(render({ channel: 'sms', body: 'x'.repeat(1600) }, values)).resolves.toMatchObject({
      smsSegments: 11,
      smsEncoding: 'GSM-7',
    });
  });
});
