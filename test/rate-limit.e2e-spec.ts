import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../src/common/clock.js';
import { uniqueEmail } from './factories/identity.factory.js';
import { fromAddress } from './support/client-address.js';
import { MovableClock } from './support/movable-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Issue 15: every limit on rate-limiter-flexible, in windows opened by the first counted attempt (api.md, "Conventions"). */
describe('Rate-limit windows (e2e)', () => {
  const clock = new MovableClock();
  let t: TestApp;
  /** A second app on the same database: another process, as far as counting goes (its own limiter, its own connections). */
  let other: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ customize: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    other = await createTestApp({
      databaseUrl: t.databaseUrl,
      customize: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
  });

  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** A sign-in attempt for `email` from an address of its own, so only the per-email limit (10 a minute) is in play. */
  const attempt = (app: TestApp, email: string) =>
    // No password: refused by validation (400) after the limit has counted it, so no hash is spent.
    app.http().post('/api/v1/auth/login').agent(fromAddress()).send({ email });

  it('counts the attempts of every app process on the same database as one', async () => {
    const email = uniqueEmail('shared');
    for (let i = 0; i < 10; i += 1) expect((await attempt(i % 2 ? other : t, email)).status).toBe(400);
    for (const app of [t, other]) {
      const refused = await attempt(app, email);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limited');
    }
  });

  it('opens a window at the first attempt and closes it a minute later, whatever came in between', async () => {
    const email = uniqueEmail('window');
    try {
      expect((await attempt(t, email)).status).toBe(400);
      // The other nine 40 s later: in a rolling minute they would keep the email shut until 100 s.
      clock.offsetMs += 40_000;
      for (let i = 0; i < 9; i += 1) expect((await attempt(t, email)).status).toBe(400);
      const refused = await attempt(other, email);
      expect(refused.status).toBe(429);
      // Retry-After: when the window that opened at 0 s ends, 20 s from now.
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(19);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(20);

      clock.offsetMs += 19_000;
      expect((await attempt(t, email)).status).toBe(429);

      // 61 s after the first attempt: a new window, with room for ten, refused ones before it included.
      clock.offsetMs += 2_000;
      for (let i = 0; i < 10; i += 1) expect((await attempt(i % 2 ? other : t, email)).status).toBe(400);
      const full = await attempt(t, email);
      expect(full.status).toBe(429);
      expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(59);
      expect(Number(full.headers['retry-after'])).toBeLessThanOrEqual(60);
    } finally {
      clock.offsetMs = 0;
    }
  });
});
