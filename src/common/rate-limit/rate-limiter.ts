import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { LessThan, MoreThanOrEqual } from 'typeorm';
import { Transactions } from '../../database/transactions.js';
import { Clock } from '../clock.js';
import { RateLimitHit } from './rate-limit-hit.entity.js';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until an attempt would be allowed again; 0 when allowed. */
  retryAfterSeconds: number;
}

/** No limit counts over a longer window than this. */
const LONGEST_WINDOW_MS = 86_400_000;

export interface RateLimitOptions {
  /** Whether a refused attempt counts too (sign-ins: yes; sign-ups: a 429 does not count). */
  countRefused?: boolean;
}

/**
 * Rolling windows kept in the database, so every app instance counts the same attempts.
 * Every attempt is recorded, refused ones too unless the limit says otherwise.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Deletes hits older than any window (the expired-records job); answers how many went. */
  async purgeExpired(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - LONGEST_WINDOW_MS);
    const result = await this.transactions.statement((em) => em.delete(RateLimitHit, { hitAt: LessThan(before) }));
    return result.affected ?? 0;
  }

  hit(key: string, windowMs: number, limit: number, options: RateLimitOptions = {}): Promise<RateLimitVerdict> {
    const bucket = createHash('sha256').update(key).digest('hex');
    const now = this.clock.now();
    const since = new Date(now.getTime() - windowMs);
    return this.transactions.run(async (em) => {
      await em.delete(RateLimitHit, { bucket, hitAt: LessThan(since) });
      const id = randomUUID();
      await em.insert(RateLimitHit, { id, bucket, hitAt: now });
      const hits = await em.find(RateLimitHit, {
        select: { hitAt: true },
        where: { bucket, hitAt: MoreThanOrEqual(since) },
        order: { hitAt: 'ASC' },
      });
      if (hits.length <= limit) return { allowed: true, retryAfterSeconds: 0 };
      if (options.countRefused === false) await em.delete(RateLimitHit, { id });
      // The next attempt fits once enough of the oldest hits have left the window.
      const releasing = hits[hits.length - limit]!.hitAt;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((releasing.getTime() + windowMs - now.getTime()) / 1000)),
      };
    });
  }
}
