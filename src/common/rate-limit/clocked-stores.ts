import { RateLimiterMySQL, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';

/** The table migration 1765700000000 makes; the stores are told it exists, so they never create one. */
export const RATE_LIMIT_TABLE = 'rate_limit_windows';

/** Milliseconds since the epoch, by the app's Clock. */
export type NowMs = () => number;

/** One window as the stores keep it: attempts counted so far and when the window ends (epoch ms). */
interface WindowRow {
  points: number | string;
  expire: number | string | null;
}

/** The options both stores take here: the limit's own, and a client of the app's connection. */
export interface ClockedStoreOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  storeClient: unknown;
  dbName?: string;
}

/*
 * rate-limiter-flexible's SQL stores read the time with Date.now() at each hit and offer no way to
 * pass a clock. These subclasses change only that: the window's start and end, and the time left in
 * it, come from the app's Clock, like every other expiry in the app (and tests that move the Clock
 * move these windows too). The statements are the library's own (RateLimiterSQLite and
 * RateLimiterMySQL 11.4, `_upsertTransaction`): a window opens at the first counted attempt and ends
 * `duration` later, whatever happens in it; every hit is one upsert that adds to the window or, past
 * its end, opens a new one, in one short transaction. Everything else (consume, the result, key
 * prefixes) is the library's.
 */

/** RateLimiterRes for a window row, as the library's `_getRateLimiterRes` makes it, with the time left by our clock. */
function resultOf(limit: number, changedPoints: number, row: WindowRow, nowMs: number): RateLimiterRes {
  const consumed = Number(row.points);
  const expire = row.expire === null ? null : Number(row.expire);
  return new RateLimiterRes(
    Math.max(limit - consumed, 0),
    expire === null ? -1 : Math.max(expire - nowMs, 0),
    consumed,
    changedPoints === consumed,
  );
}

/** better-sqlite3's Database, as far as the store uses it. */
interface SqliteDatabase {
  prepare(sql: string): { get(...params: unknown[]): unknown };
  transaction<T>(fn: () => T): () => T;
}

/** On SQLite, through better-sqlite3 (TypeORM's own connection: the caller queues each hit with the app's transactions). */
export class ClockedSqliteStore extends RateLimiterSQLite {
  private readonly sqlite: SqliteDatabase;
  private readonly clockMs: NowMs;

  constructor(options: ClockedStoreOptions, nowMs: NowMs) {
    super({
      ...options,
      storeType: 'better-sqlite3',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false,
    });
    this.sqlite = options.storeClient as SqliteDatabase;
    this.clockMs = nowMs;
  }

  /** Overrides the library's, which reads Date.now(); the statement is the library's. */
  async _upsertTransaction(key: string, points: number, msDuration: number, forceExpire: boolean): Promise<WindowRow> {
    const now = this.clockMs();
    const expire = msDuration > 0 ? now + msDuration : null;
    const sql = forceExpire
      ? `INSERT OR REPLACE INTO ${RATE_LIMIT_TABLE} (key, points, expire) VALUES (?, ?, ?) RETURNING points, expire`
      : `INSERT INTO ${RATE_LIMIT_TABLE} (key, points, expire) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET
           points = CASE WHEN expire IS NULL OR expire > ? THEN points + excluded.points ELSE excluded.points END,
           expire = CASE WHEN expire IS NULL OR expire > ? THEN expire ELSE excluded.expire END
         RETURNING points, expire`;
    const params = forceExpire ? [key, points, expire] : [key, points, expire, now, now];
    return this.sqlite.transaction(() => this.sqlite.prepare(sql).get(...params) as WindowRow)();
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: WindowRow): RateLimiterRes {
    return resultOf(this.points, changedPoints, row, this.clockMs());
  }
}

/** A mysql2 (callback API) connection from TypeORM's pool, as far as the store uses it. */
interface MySqlConnection {
  query(sql: string, values: unknown[], callback: (error: Error | null, rows: unknown) => void): void;
}

/** On MySQL and MariaDB, on a connection of TypeORM's mysql2 pool (the library takes and releases it). */
export class ClockedMySqlStore extends RateLimiterMySQL {
  private readonly clockMs: NowMs;
  private readonly database: string;

  constructor(options: ClockedStoreOptions, nowMs: NowMs) {
    super({
      ...options,
      storeType: 'pool',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false,
    });
    this.clockMs = nowMs;
    this.database = options.dbName ?? '';
  }

  /** Overrides the library's, which reads Date.now(); BEGIN, the library's upsert and read-back, COMMIT. */
  async _upsertTransaction(
    conn: MySqlConnection,
    key: string,
    points: number,
    msDuration: number,
    forceExpire: boolean,
  ): Promise<WindowRow[]> {
    const query = (sql: string, values: unknown[] = []) =>
      new Promise<unknown>((resolve, reject) =>
        conn.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows))),
      );
    const now = this.clockMs();
    const expire = msDuration > 0 ? now + msDuration : null;
    const table = [this.database, RATE_LIMIT_TABLE];
    await query('BEGIN');
    try {
      if (forceExpire)
        await query(
          'INSERT INTO ??.?? (`key`, points, expire) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE points = ?, expire = ?',
          [...table, key, points, expire, points, expire],
        );
      else
        await query(
          `INSERT INTO ??.?? (\`key\`, points, expire) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE
             points = IF(expire <= ?, ?, points + (?)),
             expire = IF(expire <= ?, ?, expire)`,
          [...table, key, points, expire, now, points, points, now, expire],
        );
      const rows = (await query('SELECT points, expire FROM ??.?? WHERE `key` = ?', [...table, key])) as WindowRow[];
      await query('COMMIT');
      return rows;
    } catch (error) {
      await query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  _getRateLimiterRes(_key: string, changedPoints: number, rows: WindowRow[]): RateLimiterRes {
    return resultOf(this.points, changedPoints, rows[0]!, this.clockMs());
  }
}
