import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThan } from 'typeorm';
import { Transactions } from '../../database/transactions.js';
import { isUniqueViolation } from '../../database/driver-errors.js';
import { Clock } from '../clock.js';
import { Claim } from './claim.entity.js';

export type ClaimOutcome<T> =
  { kind: 'claimed' } | { kind: 'done'; result: T } | { kind: 'busy' } | { kind: 'mismatch' };

export interface ClaimOptions {
  /** How long a finished result is remembered. */
  keepMs: number;
  /** How long an unfinished claim holds before it counts as abandoned. */
  leaseMs: number;
}

const POLL_MS = 100;

/** Unique claims in the database, so the same work runs once across requests and app instances. */
@Injectable()
export class Claims {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Takes the claim, or says who has it: a finished result, someone busy, or another request under that key. */
  async claim<T>(scope: string, key: string, fingerprint: string, options: ClaimOptions): Promise<ClaimOutcome<T>> {
    // Usually nobody holds the key: then a single INSERT is the whole claim.
    try {
      await this.transactions.statement((em) => em.insert(Claim, this.newClaim(scope, key, fingerprint, options)));
      return { kind: 'claimed' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    for (;;) {
      try {
        return await this.transactions.run(async (em) => {
          const now = this.clock.now();
          const existing = await em.findOneBy(Claim, { scope, claimKey: key });
          const abandoned =
            existing &&
            (existing.expiresAt <= now || (existing.status === 'in_progress' && existing.leaseUntil <= now));
          if (existing && !abandoned) {
            if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
            if (existing.status === 'done') return { kind: 'done', result: JSON.parse(existing.result ?? 'null') as T };
            return { kind: 'busy' };
          }
          if (existing) await em.delete(Claim, { id: existing.id });
          await em.insert(Claim, this.newClaim(scope, key, fingerprint, options));
          return { kind: 'claimed' };
        });
      } catch (error) {
        // Someone inserted the same claim between our read and our insert: read again.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  private newClaim(scope: string, claimKey: string, fingerprint: string, options: ClaimOptions): Claim {
    const now = this.clock.now().getTime();
    return {
      id: randomUUID(),
      scope,
      claimKey,
      fingerprint,
      status: 'in_progress',
      result: null,
      leaseUntil: new Date(now + options.leaseMs),
      expiresAt: new Date(now + options.keepMs),
    };
  }

  /** Waits while someone else holds the claim; answers the first outcome that is not busy, or busy at the deadline. */
  async claimOrWait<T>(
    scope: string,
    key: string,
    fingerprint: string,
    options: ClaimOptions & { waitMs: number },
  ): Promise<ClaimOutcome<T>> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const outcome = await this.claim<T>(scope, key, fingerprint, options);
      if (outcome.kind !== 'busy' || Date.now() >= deadline) return outcome;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Records the result for repeats; the work is done, so a database outage is waited out a while. */
  async complete(scope: string, key: string, result: unknown): Promise<void> {
    await this.transactions.runOutlastingOutage((em) =>
      em.update(Claim, { scope, claimKey: key }, { status: 'done', result: JSON.stringify(result) }),
    );
  }

  /** Forgets claims past their keep time (the expired-records job); answers how many went. */
  async purgeExpired(): Promise<number> {
    const result = await this.transactions.statement((em) =>
      em.delete(Claim, { expiresAt: LessThan(this.clock.now()) }),
    );
    return result.affected ?? 0;
  }

  /**
   * Forgets the claim: a failed attempt is not remembered. Inside a transaction it joins it, so the
   * claim goes when the work it guarded commits.
   */
  async release(scope: string, key: string): Promise<void> {
    await this.transactions.run((em) => em.delete(Claim, { scope, claimKey: key }));
  }
}
