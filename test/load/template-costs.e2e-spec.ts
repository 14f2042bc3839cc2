import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { exampleMergeValues } from '../../src/messaging/merge-fields.js';
import { TemplateEngine, type OutputMode } from '../../src/messaging/template-engine.js';

/**
 * How fast the template engine refuses what would hold the event loop. Timings, so this runs in
 * test/load/, which CI runs alone on the cores; the behaviour itself is in template-engine.spec.ts.
 */
const engine = new TemplateEngine();
const values = exampleMergeValues();
const part = (source: string, mode: OutputMode = 'text') => ({ field: 'body', source, mode });

async function timedRefusal(work: () => unknown): Promise<{ ms: number; code: string }> {
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError) return { ms: performance.now() - started, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The median of three: one slow run says nothing about the limit. */
const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;

describe('Template costs (load)', () => {
  it('stops every kind of runaway template well under 100 ms', async () => {
    const bombs = [
      '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}',
      '{% for a in (1..1000000000) %}x{% endfor %}',
      "{% assign s = 'xxxxxxxxxx' %}{% for a in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}",
      '{% capture s %}{% for a in (1..1000) %}{% for b in (1..1000) %}xxxxxxxxxxxxxxx{% endfor %}{% endfor %}{% endcapture %}',
      '{% assign a = (1..140000) | sort %}{% for i in (1..100) %}{% assign a = a | sort %}{% endfor %}',
      `${'{% for a in (1..2) %}'.repeat(700)}x${'{% endfor %}'.repeat(700)}`,
      `{% for a in (1..1000) %}{% for b in (1..1000) %}${'x'.repeat(100)}{% endfor %}{% endfor %}`,
    ];
    for (const source of bombs) {
      for (const mode of ['text', 'html', 'sms'] as const) {
        const runs = [];
        for (let run = 0; run < 3; run++)
          runs.push(await timedRefusal(() => engine.render(part(source, mode), values)));
        expect(median(runs.map((r) => r.ms))).toBeLessThan(100);
      }
    }
  });

  it('checks merge fields in time linear in the template (liquid counted positions from the start for every field)', () => {
    // 90,000 characters (a body may have 16,000): quadratic, this took ~500 ms warm; linear, ~50 ms.
    const dense = '{{video_link}}\n'.repeat(6_000);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      new TemplateEngine().validate([part(dense)]);
      times.push(performance.now() - started);
    }
    expect(median(times)).toBeLessThan(200);
  });
});
