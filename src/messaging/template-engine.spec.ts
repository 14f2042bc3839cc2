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
    expect(engine.render(part('Hi {{client_first_name}}, {{ video_link }} {{ firm_name | upcase }}'), values))
      .toBe('Hi <b>&, https://zoom.us/j/1?pwd=x ACME LAW LLP');
  });

  it('HTML-escapes every value in html mode, even through | raw, echo and cycle', () => {
    expect(engine.render(part('<p>{{ client_first_name }}</p>', 'html'), values)).toBe('<p>&lt;b&gt;&amp;</p>');
    expect(engine.render(part('{{ client_first_name | raw }}', 'html'), values)).toBe('&lt;b&gt;&amp;');
    expect(engine.render(part('{% echo client_first_name %}', 'html'), values)).toBe('&lt;b&gt;&amp;');
  });

  it('names every unknown field, including prototype names and property paths', async () => {
    const error = await failure(() => engine.validate([part('{{ client_nickname }} {{ constructor }} {{ __proto__ }} {{ video_link.constructor }} {{ client_nickname }}')]));
    expect(error.code).toBe('unknown_merge_field');
    expect(error.details.fields).toEqual(['client_nickname', 'constructor', '__proto__', 'video_link.constructor']);
    await expect(failure(() => engine.validate([part("{{ video_link['__proto__'] }}")]))).resolves.toMatchObject({ code: 'unknown_merge_field' });
    // A dynamic root (`[event_title]`) passes the check, but can only ever read another merge value.
    await expect(failure(() => engine.render(part('{{ [event_title] }}'), { ...values, event_title: 'constructor' }))).resolves.toMatchObject({ code: 'template_render_failed' });
  });

  it('does not count names the template assigns itself, nor loop variables', () => {
    expect(() => engine.validate([part('{% assign who = client_first_name | upcase %}{{ who }}{% for i in (1..2) %}{{ forloop.index }}{% endfor %}')])).not.toThrow();
  });

  it('reports a syntax error with its line and column, counted from 1', async () => {
    const error = await failure(() => engine.validate([part('Hello\n  {{ client_first_name ')]));
    expect(error.code).toBe('template_syntax_error');
    expect(error.details).toMatchObject({ field: 'body', line: 2, column: 3 });
    await expect(failure(() => engine.validate([part('a\nb {% if %}{% endif %}')]))).resolves.toMatchObject({ code: 'template_syntax_error', details: { line: 2 } });
    await expect(failure(() => engine.validate([part('{{ video_link | no_such_filter }}')]))).resolves.toMatchObject({ code: 'template_syntax_error' });
  });

  it('refuses include, render and layout: templates never read files', async () => {
    for (const source of ["{% include '/etc/passwd' %}", "x\n{% render 'secrets' %}", "{% layout 'base' %}", '{% liquid\ninclude "a" %}']) {
      const error = await failure(() => engine.render(part(source), values));
      expect(error.code).toBe('template_syntax_error');
      expect(error.message).not.toMatch(/root:|ENOENT/);
    }
  });

  it('stops a loop bomb and a memory bomb with a clean error', async () => {
    const bomb = await failure(() => engine.render(part('{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}'), values));
    expect(bomb).toMatchObject({ code: 'template_render_failed', details: { field: 'body', line: 1 } });
    const memory = await failure(() => engine.render(part('{% for a in (1..1000000000) %}x{% endfor %}'), values));
    expect(memory.code).toBe('template_render_failed');
    const doubling = await failure(() => engine.render(part("{% assign s = 'xxxxxxxxxx' %}{% for a in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}"), values));
    expect(doubling.code).toBe('template_render_failed');
  });

  it('never reaches a prototype through a variable the template assigned', async () => {
    const error = await failure(() => engine.render(part('{% assign y = video_link %}{{ y.constructor }}'), values));
    expect(error.code).toBe('template_render_failed');
  });
});
