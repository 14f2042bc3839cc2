import { describe, expect, it } from '@jest/globals';
import { RenderQueue } from './render-queue.js';

const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('RenderQueue', () => {
  it('runs the pieces in order, one per event-loop turn, so a timer due meanwhile runs between two of them', async () => {
    const queue = new RenderQueue();
    const seen: string[] = [];
    const pieces = [1, 2, 3].map((n) =>
      queue.run(() => {
        busy(20);
        seen.push(`piece ${n}`);
        return n;
      }),
    );
    setTimeout(() => seen.push('timer'), 0);
    await expect(Promise.all(pieces)).resolves.toEqual([1, 2, 3]);
    expect(seen.filter((mark) => mark !== 'timer')).toEqual(['piece 1', 'piece 2', 'piece 3']);
    // Run all at once, the pieces would hold the loop for 60 ms and the timer would come last.
    expect(seen.indexOf('timer')).toBeLessThan(seen.indexOf('piece 2'));
  });

  it('hands a piece its own error and carries on with the next', async () => {
    const queue = new RenderQueue();
    const failing = queue.run(() => {
      throw new Error('boom');
    });
    const next = queue.run(() => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
