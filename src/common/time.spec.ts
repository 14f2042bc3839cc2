import { isoInstant, parseInstantWithOffset } from './time.js';

describe('isoInstant', () => {
  it('prints exactly what toISOString prints, across the years, months, days and milliseconds', () => {
    const start = Date.UTC(1000, 0, 1);
    const end = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    // A fixed stride that lands on every month, day, hour, minute, second and millisecond value over the run.
    for (let t = start, i = 0; t <= end; t += 1_000_003_337_123 / 97, i++) {
      const date = new Date(Math.floor(t));
      expect(isoInstant(date)).toBe(date.toISOString());
    }
    for (const value of [
      0,
      Date.UTC(2026, 2, 8, 7, 0, 0, 5),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 0, 0, 0, 50),
    ]) {
      expect(isoInstant(new Date(value))).toBe(new Date(value).toISOString());
    }
  });

  it('hands years outside 1000–9999 to the built-in', () => {
    for (const value of [Date.UTC(999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), Date.UTC(-5, 0, 1)]) {
      expect(isoInstant(new Date(value))).toBe(new Date(value).toISOString());
    }
  });
});

describe('parseInstantWithOffset', () => {
  it('takes an offset and refuses a bare local time', () => {
    expect(parseInstantWithOffset('2026-12-01T15:00:00-05:00')?.toISOString()).toBe('2026-12-01T20:00:00.000Z');
    expect(parseInstantWithOffset('2026-12-01T15:00:00')).toBeNull();
  });
});
