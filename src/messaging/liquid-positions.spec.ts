import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { positionIn } from './liquid-positions.js';

/** What liquidjs computes: count from the start. */
function counted(input: string, offset: number): [number, number] {
  let [line, column] = [1, 1];
  for (let i = 0; i < offset; i++) {
    if (input[i] === '\n') [line, column] = [line + 1, 1];
    else column++;
  }
  return [line, column];
}

describe('positionIn', () => {
  it('answers what counting from the start answers, for any text and offset', () => {
    const text = fc
      .array(fc.constantFrom('a', '\n', '{', ' ', '😀', '\r\n'), { maxLength: 200 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, fc.nat(), (first, second, seed) => {
        // Two texts alternately: the cached line index must follow the text asked about.
        for (const input of [first, second, first]) {
          const offset = input.length === 0 ? 0 : seed % (input.length + 1);
          expect(positionIn(input, offset)).toEqual(counted(input, offset));
        }
      }),
      { numRuns: 500 },
    );
  });
});
