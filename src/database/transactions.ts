import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatabaseKind } from './data-source-options.js';
import { driverErrorCode, isDatabaseUnavailable } from './driver-errors.js';

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
/** How long a record of something already done outside is held for a database that went away. */
const OUTAGE_WAIT_MS = 10_000;

/**
 * Every write goes through here. On SQLite TypeORM shares one connection between all callers, so
 * transactions are queued one at a time (SQLite has a single writer anyway); on MySQL a deadlock
 * victim is retried a few times instead of surfacing as a 500.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  private tail: Promise<unknown> = Promise.resolve();
  readonly kind: DatabaseKind;

  constructor(private readonly dataSource: DataSource) {
    this.kind = this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  /** `retry: false` for work with outside effects that must not happen twice. */
  run<T>(work: (em: EntityManager) => Promise<T>, options: { retry?: boolean } = {}): Promise<T> {
    if (this.kind === 'mysql')
      return options.retry === false ? this.dataSource.transaction(work) : this.runWithRetry(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Records what an outside service already did (a Zoom meeting that now exists): while the
   * database cannot be reached (a restart, a cut), it is tried again for up to `waitMs` instead of
   * losing the record at once. The work must be safe to run twice, since a commit cut off on its
   * way back may have landed.
   */
  async runOutlastingOutage<T>(work: (em: EntityManager) => Promise<T>, waitMs = OUTAGE_WAIT_MS): Promise<T> {
    const deadline = Date.now() + waitMs;
    for (let pauseMs = 200; ; pauseMs = Math.min(pauseMs * 2, 2_000)) {
      try {
        return await this.run(work);
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() + pauseMs > deadline) throw error;
        this.logger.warn(`The database is not answering; recording again in ${pauseMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  /**
   * One write statement that needs no transaction around it: on MySQL it runs on its own
   * (autocommit, one round trip instead of BEGIN, the statement and COMMIT); on SQLite it still
   * takes its turn in the queue, so it can never land inside another caller's transaction. A
   * statement chosen as a deadlock victim (an INSERT racing a DELETE of the same unique key can be)
   * was rolled back whole, so it is retried like a transaction.
   */
  statement<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'mysql') return this.withRetry(() => work(this.dataSource.manager));
    return this.run(work);
  }

  private runWithRetry<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.withRetry(() => this.dataSource.transaction(work));
  }

  private async withRetry<T>(attemptOnce: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (error) {
        const code = driverErrorCode(error);
        if (!code || !RETRYABLE_MYSQL.has(code) || attempt >= 5) throw error;
        this.logger.warn(`Transaction retried after ${code} (attempt ${attempt})`);
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  }
}
