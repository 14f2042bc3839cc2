import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import { TimelineCache } from './timeline-cache.js';

const cacheOf = (megabytes: number) => new TimelineCache({ timelineCacheBytes: megabytes * 2 ** 20 } as AppConfig);
const KB = 1024;
const answer = (json: string) => ({ json, etag: 'W/"x"' });

describe('TimelineCache', () => {
  it('answers an entry only for the version it was made from', () => {
    const cache = cacheOf(1);
    cache.set('case-a', '3:7', answer('{"items":[]}'));
    expect(cache.get('case-a', '3:7')?.json).toBe('{"items":[]}');
    expect(cache.get('case-a', '3:8')).toBeUndefined();
    expect(cache.get('case-b', '3:7')).toBeUndefined();
    cache.set('case-a', '3:8', answer('{"items":[1]}'));
    expect(cache.get('case-a', '3:7')).toBeUndefined();
    expect(cache.get('case-a', '3:8')?.json).toBe('{"items":[1]}');
  });

  it('keeps within its byte budget, dropping the least recently used first', () => {
    const cache = cacheOf(1);
    // Each entry is about 200 KiB in memory (two bytes a character): five fit in 1 MiB, six do not.
    const json = 'x'.repeat(100 * KB);
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, 'v', answer(json));
    expect(cache.get('a', 'v')?.json).toBe(json);
    cache.set('f', 'v', answer(json));
    expect(cache.get('b', 'v')).toBeUndefined();
    for (const key of ['a', 'c', 'd', 'e', 'f']) expect(cache.get(key, 'v')?.json).toBe(json);
  });

  it('does not keep a page larger than a quarter of the budget, and keeps nothing with a budget of 0', () => {
    const big = cacheOf(1);
    big.set('huge', 'v', answer('x'.repeat(200 * KB)));
    expect(big.get('huge', 'v')).toBeUndefined();
    const off = cacheOf(0);
    off.set('a', 'v', answer('{}'));
    expect(off.get('a', 'v')).toBeUndefined();
  });
});
