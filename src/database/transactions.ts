import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatabaseKind } from './data-source-options.js';
import { driverErrorCode, isDatabaseUnavailable } from './driver-errors.js';

const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
/** How long a record of something already done outside is held for a database that went away. */
const OUTAGE_WAIT_MS = 10_000;

/** The transaction an async call chain runs in. `em` is cleared when it ends, so work it left running cannot use it. */
interface Ambient {
  em: EntityManager | null;
}

/**
 * Every write goes through here. On SQLite TypeORM shares one connection between all callers, so
 * transactions are queued one at a time (SQLite has a single writer anyway); on MySQL a deadlock
 * victim is retried a few times instead of surfacing as a 500.
 *
 * The transaction is ambient: whatever runs inside `run` (down its async call chain: hook listeners,
 * other modules' services) reads `manager` and gets this transaction's, and a `run`, `statement` or
 * `runOutlastingOutage` called there joins it instead of starting another (on SQLite that one would
 * wait in the queue for the very transaction it is part of). Only the outermost call queues, retries
 * or waits out an outage; a joined call is part of its work and is run again with it.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  private readonly ambient = new AsyncLocalStorage<Ambient>();
  private tail: Promise<unknown> = Promise.resolve();
  readonly kind: DatabaseKind;

  constructor(private readonly dataSource: DataSource) {
    this.kind = this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  /**
   * The manager of the transaction this call runs in, else the plain one (each statement on its own).
   * A service another module may call inside its transaction reads through this, so it sees that
   * transaction's writes and its locks hold until that transaction ends.
   */
  get manager(): EntityManager {
    return this.ambient.getStore()?.em ?? this.dataSource.manager;
  }

  /** Whether this call runs inside `run` (or a `statement` on SQLite). */
  get inTransaction(): boolean {
    return (this.ambient.getStore()?.em ?? null) !== null;
  }

  /**
   * Runs `work` in a transaction: the one this call already runs in, else a new one. `retry: false`
   * for work with outside effects that must not happen twice (it has no effect on a joined call).
   */
  run<T>(work: (em: EntityManager) => Promise<T>, options: { retry?: boolean } = {}): Promise<T> {
    const current = this.ambient.getStore()?.em;
    if (current) return work(current);
    if (this.kind === 'mysql')
      return options.retry === false ? this.begin(work) : this.withRetry(() => this.begin(work));
    const result = this.tail.then(() => this.begin(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Records what an outside service already did (a Zoom meeting that now exists): while the
   * database cannot be reached (a restart, a cut), it is tried again for up to `waitMs` instead of
   * losing the record at once. The work must be safe to run twice, since a commit cut off on its
   * way back may have landed. Inside a transaction it joins it, and the outermost caller decides.
   */
  async runOutlastingOutage<T>(work: (em: EntityManager) => Promise<T>, waitMs = OUTAGE_WAIT_MS): Promise<T> {
    if (this.inTransaction) return this.run(work);
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
   * was rolled back whole, so it is retried like a transaction. Inside a transaction it joins it.
   */
  statement<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const current = this.ambient.getStore()?.em;
    if (current) return work(current);
    if (this.kind === 'mysql') return this.withRetry(() => work(this.dataSource.manager));
    return this.run(work);
  }

  /** A new transaction, ambient for everything `work` calls until it ends. */
  private begin<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      const ambient: Ambient = { em };
      try {
        return await this.ambient.run(ambient, () => work(em));
      } finally {
        ambient.em = null;
      }
    });
  }

  /**
   * Runs `attemptOnce` again (up to five tries in all, with jitter) when MySQL chose it as a deadlock
   * victim or it waited out a row lock: `run` and `statement` go through it, and so may a transaction
   * that runs on a pool connection of its own (the rate limiter's store).
   */
  async withRetry<T>(attemptOnce: () => Promise<T>): Promise<T> {
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
