import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource, LessThan } from 'typeorm';
import { Transactions } from '../../database/transactions.js';
import { Clock } from '../clock.js';
import { ClockedMySqlStore, ClockedSqliteStore } from './clocked-stores.js';
import { RateLimitWindow } from './rate-limit-window.entity.js';

/** One limit of api.md: at most `points` counted attempts in a window opened by the first of them. */
export interface RateLimit {
  /** Names the limit's windows (their key prefix); no two limits share one. */
  name: string;
  points: number;
  durationMs: number;
  /**
   * Counted in this process's memory instead of the database: for a guard that need not hold across
   * processes (api.md lets a feed's poll limit count per process), at no database cost.
   */
  perProcess?: boolean;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the window ends and an attempt is allowed again; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Every rate limit of the app, on rate-limiter-flexible: windows that open at the first counted
 * attempt and last the limit's duration (api.md, "Conventions"), kept in the `rate_limit_windows`
 * table so that every app process counts the same attempts, one short transaction per hit; limits
 * marked `perProcess` count in memory. Every attempt counts: in a window that has already refused,
 * a further refusal changes nothing (the window ends when it would have), so a limit whose refused
 * attempts "do not count" (sign-up) needs nothing more.
 */
@Injectable()
export class RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt at `key` (an address, an email, a token hash) against the limit. */
  async hit(limit: RateLimit, key: string): Promise<RateLimitVerdict> {
    const limiter = this.limiterFor(limit);
    // Stored as a digest: the table never holds an address or an email, and every key has one length.
    const bucket = createHash('sha256').update(key).digest('hex');
    const consume = () => limiter.consume(bucket).then(allowed, refused);
    if (limit.perProcess) return consume();
    // SQLite: the store writes on TypeORM's one connection, so the hit takes its turn among the app's
    // transactions and never lands inside another caller's.
    if (this.transactions.kind === 'sqlite') return this.transactions.run(consume);
    // MySQL: the store's transaction, on a pool connection of its own, retried like ours when two
    // first hits of one key deadlock.
    return this.transactions.withRetry(consume);
  }

  /**
   * Forgets windows that have ended (the hourly expired-records job); answers how many went. The
   * stores' own timed clean-up is off: it would run on Date.now() in every process.
   */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now().getTime();
    const result = await this.transactions.statement((em) => em.delete(RateLimitWindow, { expire: LessThan(now) }));
    return result.affected ?? 0;
  }

  private limiterFor(limit: RateLimit): RateLimiterAbstract {
    let limiter = this.limiters.get(limit.name);
    if (limiter) return limiter;
    const options = { keyPrefix: limit.name, points: limit.points, duration: limit.durationMs / 1000 };
    const nowMs = () => this.clock.now().getTime();
    if (limit.perProcess) limiter = new RateLimiterMemory(options);
    else if (this.transactions.kind === 'sqlite')
      limiter = new ClockedSqliteStore({ ...options, storeClient: this.driver().databaseConnection }, nowMs);
    else
      limiter = new ClockedMySqlStore(
        { ...options, storeClient: this.driver().pool, dbName: String(this.dataSource.options.database) },
        nowMs,
      );
    this.limiters.set(limit.name, limiter);
    return limiter;
  }

  /** TypeORM's driver: better-sqlite3's Database on SQLite, mysql2's pool on MySQL. */
  private driver(): { databaseConnection?: unknown; pool?: unknown } {
    return this.dataSource.driver as unknown as { databaseConnection?: unknown; pool?: unknown };
  }
}

function allowed(): RateLimitVerdict {
  return { allowed: true, retryAfterSeconds: 0 };
}

/** The library rejects with its result when the limit is exceeded, and with an Error when the store failed. */
function refused(reason: unknown): RateLimitVerdict {
  if (!(reason instanceof RateLimiterRes)) throw reason;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(reason.msBeforeNext / 1000)) };
}
