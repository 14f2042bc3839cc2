import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Claims, type ClaimOutcome } from '../src/common/claims/claims.service.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { isMysqlRun } from './support/test-database.js';

describe('Claims (against the real database)', () => {
  let t: TestApp;
  let claims: Claims;
  const options = { keepMs: 60_000, leaseMs: 60_000 };

  beforeAll(async () => {
    t = await createTestApp();
    claims = t.app.get(Claims);
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives a key to exactly one of 20 concurrent claimers; the others see it busy', async () => {
    const key = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => claims.claim('test', key, 'same', options)));
    expect(outcomes.filter((o) => o.kind === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'busy')).toHaveLength(19);
  });

  // InnoDB: two INSERTs waiting on a key that a third transaction inserted, then rolled back, both
  // take a shared lock and both want it exclusive; one is chosen as a deadlock victim. A claim must
  // come out of that with an answer, not a database error.
  if (isMysqlRun()) {
    it('answers both claimers when the insert they waited on rolls back and InnoDB picks a deadlock victim', async () => {
      const key = randomUUID();
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      let outcomes: Array<ClaimOutcome<unknown>>;
      try {
        await holder.startTransaction();
        await holder.query(
          'INSERT INTO claims (id, scope, claimKey, fingerprint, status, result, leaseUntil, expiresAt) VALUES (?, ?, ?, ?, ?, NULL, NOW(3), NOW(3))',
          [randomUUID(), 'test', key, 'same', 'in_progress'],
        );
        const waiting = Promise.all([
          claims.claim('test', key, 'same', options),
          claims.claim('test', key, 'same', options),
        ]);
        await waitForLockWaits(t, 2);
        await holder.rollbackTransaction();
        outcomes = await waiting;
      } finally {
        await holder.release();
      }
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['busy', 'claimed']);
    });
  }
});

/** Until `count` statements wait on a row lock (the two claimers are queued behind the holder). */
async function waitForLockWaits(t: TestApp, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows: Array<{ n: string | number }> = await t.dataSource.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND STATE = 'Update' AND INFO LIKE 'INSERT INTO `claims`%'",
    );
    if (Number(rows[0]!.n) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${count} claimers never queued behind the held insert`);
}
