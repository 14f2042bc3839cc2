import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { exampleMergeValues } from './merge-fields.js';
import { TemplateEngine, type OutputMode } from './template-engine.js';

const engine = new TemplateEngine();
const values = { ...exampleMergeValues(), client_first_name: '<b>&', video_link: 'https://zoom.us/j/1?pwd=x' };
const part = (source: string, mode: OutputMode = 'text') => ({ field: 'body', source, mode });

async function failure(work: () => unknown): Promise<DomainError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('TemplateEngine', () => {
  it('renders merge fields, with or without spaces inside the braces, and standard filters', () => {
    expect(engine.render(part('Hi {{client_first_name}}, {{ video_link }} {{ firm_name | upcase }}'), values)).toBe(
      'Hi <b>&, https://zoom.us/j/1?pwd=x ACME LAW LLP',
    );
  });

  it('HTML-escapes every value in html mode, even through | raw, echo and cycle', () => {
    expect(engine.render(part('<p>{{ client_first_name }}</p>', 'html'), values)).toBe('<p>&lt;b&gt;&amp;</p>');
    expect(engine.render(part('{{ client_first_name | raw }}', 'html'), values)).toBe('&lt;b&gt;&amp;');
    expect(engine.render(part('{% echo client_first_name %}', 'html'), values)).toBe('&lt;b&gt;&amp;');
  });

  it('names every unknown field, including prototype names and property paths', async () => {
    const error = await failure(() =>
      engine.validate([
        part(
          '{{ client_nickname }} {{ constructor }} {{ __proto__ }} {{ video_link.constructor }} {{ client_nickname }}',
        ),
      ]),
    );
    expect(error.code).toBe('unknown_merge_field');
    expect(error.details.fields).toEqual(['client_nickname', 'constructor', '__proto__', 'video_link.constructor']);
    await expect(failure(() => engine.validate([part("{{ video_link['__proto__'] }}")]))).resolves.toMatchObject({
      code: 'unknown_merge_field',
    });
    // A dynamic root (`[event_title]`) passes the check, but can only ever read another merge value.
    await expect(
      failure(() => engine.render(part('{{ [event_title] }}'), { ...values, event_title: 'constructor' })),
    ).resolves.toMatchObject({ code: 'template_render_failed' });
  });

  it('does not count names the template assigns itself, nor loop variables', () => {
    expect(() =>
      engine.validate([
        part(
          '{% assign who = client_first_name | upcase %}{{ who }}{% for i in (1..2) %}{{ forloop.index }}{% endfor %}',
        ),
      ]),
    ).not.toThrow();
  });

  it('reports a syntax error with its line and column, counted from 1', async () => {
    const error = await failure(() => engine.validate([part('Hello\n  {{ client_first_name ')]));
    expect(error.code).toBe('template_syntax_error');
    expect(error.details).toMatchObject({ field: 'body', line: 2, column: 3 });
    await expect(failure(() => engine.validate([part('a\nb {% if %}{% endif %}')]))).resolves.toMatchObject({
      code: 'template_syntax_error',
      details: { line: 2 },
    });
    await expect(failure(() => engine.validate([part('{{ video_link | no_such_filter }}')]))).resolves.toMatchObject({
      code: 'template_syntax_error',
    });
  });

  it('refuses include, render and layout: templates never read files', async () => {
    for (const source of [
      "{% include '/etc/passwd' %}",
      "x\n{% render 'secrets' %}",
      "{% layout 'base' %}",
      '{% liquid\ninclude "a" %}',
    ]) {
      const error = await failure(() => engine.render(part(source), values));
      expect(error.code).toBe('template_syntax_error');
      expect(error.message).not.toMatch(/root:|ENOENT/);
    }
  });

  // How fast each is stopped is measured in test/load/template-costs.e2e-spec.ts, alone on the cores.
  it('stops a loop bomb, a memory bomb and a capture bomb as template_too_costly', async () => {
    const bombs = [
      '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}',
      '{% for a in (1..1000000000) %}x{% endfor %}',
      "{% assign s = 'xxxxxxxxxx' %}{% for a in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}",
      '{% capture s %}{% for a in (1..1000) %}{% for b in (1..1000) %}xxxxxxxxxxxxxxx{% endfor %}{% endfor %}{% endcapture %}',
      '{% assign a = (1..140000) | sort %}{% for i in (1..100) %}{% assign a = a | sort %}{% endfor %}',
      `${'{% for a in (1..2) %}'.repeat(700)}x${'{% endfor %}'.repeat(700)}`,
    ];
    for (const source of bombs) {
      for (const mode of ['text', 'html', 'sms'] as const) {
        const error = await failure(() => engine.render(part(source, mode), values));
        // An SMS that writes as it runs away passes its length first.
        expect(mode === 'sms' ? ['template_too_costly', 'sms_too_long'] : ['template_too_costly']).toContain(
          error.code,
        );
        expect(error.details).toEqual({ field: 'body' });
      }
    }
  });

  it('stops an SMS as soon as it passes 1,600 UTF-16 code units, with sms_too_long', async () => {
    expect(engine.render(part('{% for i in (1..160) %}xxxxxxxxxx{% endfor %}', 'sms'), values)).toHaveLength(1600);
    expect(engine.render(part('{% for i in (1..800) %}😀{% endfor %}', 'sms'), values)).toHaveLength(1600);
    for (const source of [
      '{% for i in (1..1601) %}x{% endfor %}',
      '{% for i in (1..801) %}😀{% endfor %}',
      `${'x'.repeat(1600)}{{ event_title }}`,
    ]) {
      await expect(failure(() => engine.render(part(source, 'sms'), values))).resolves.toMatchObject({
        code: 'sms_too_long',
        details: { field: 'body' },
      });
    }
    // A hundred million characters if it ran on: it stops on the length (sms_too_long), not the time limit.
    const error = await failure(() =>
      engine.render(
        part(`{% for a in (1..1000) %}{% for b in (1..1000) %}${'x'.repeat(100)}{% endfor %}{% endfor %}`, 'sms'),
        values,
      ),
    );
    expect(error.code).toBe('sms_too_long');
    // The limit is the SMS's: a subject or an email body may be longer.
    expect(engine.render(part('{% for i in (1..1601) %}x{% endfor %}', 'text'), values)).toHaveLength(1601);
  });

  it('renders again when its clock ran out while the process was set aside (a busy machine), not a costly template', () => {
    // Atomics.wait blocks the thread without using CPU: what a descheduled process looks like from inside.
    const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    let stalls = 1;
    const stallingOnce = { toString: () => (stalls-- > 0 && sleep(60), 'Carla') };
    const stalled = { ...values, client_first_name: stallingOnce as unknown as string };
    expect(engine.render(part('Hi {{ client_first_name }} {{ firm_name }}'), stalled)).toBe('Hi Carla Acme Law LLP');
    expect(stalls).toBeLessThan(0);
  });

  it('still refuses a render that keeps stalling, after three tries', async () => {
    const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    let renders = 0;
    const alwaysStalling = { toString: () => (renders++, sleep(60), 'Carla') };
    const stalled = { ...values, client_first_name: alwaysStalling as unknown as string };
    const error = await failure(() => engine.render(part('Hi {{ client_first_name }} {{ firm_name }}'), stalled));
    expect(error).toMatchObject({ code: 'template_too_costly' });
    expect(renders).toBe(3);
  });

  it('refuses an email body over 200,000 characters as template_too_costly', async () => {
    const tenThousand = 'x'.repeat(10_000);
    expect(engine.render(part(`{% for i in (1..20) %}${tenThousand}{% endfor %}`, 'html'), values)).toHaveLength(
      200_000,
    );
    const error = await failure(() =>
      engine.render(part(`{% for i in (1..20) %}${tenThousand}{% endfor %}x`, 'html'), values),
    );
    expect(error).toMatchObject({ code: 'template_too_costly', details: { field: 'body' } });
    expect(error.message).toContain('200,000');
  });

  it('never reaches a prototype through a variable the template assigned', async () => {
    const error = await failure(() => engine.render(part('{% assign y = video_link %}{{ y.constructor }}'), values));
    expect(error.code).toBe('template_render_failed');
  });
});
