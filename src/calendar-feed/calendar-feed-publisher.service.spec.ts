import { describe, expect, it } from '@jest/globals';
import { etagMatches } from './calendar-feed-publisher.service.js';

describe('etagMatches', () => {
  const etag = '"abc"';

  it('matches the tag, its weak form, a list holding it, and *', () => {
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', '*'])
      expect(etagMatches(header, etag)).toBe(true);
  });

  it('matches nothing else', () => {
    for (const header of [undefined, '', '"abcd"', 'abc', '"ABC"', 'W/"x"'])
      expect(etagMatches(header, etag)).toBe(false);
  });
});
