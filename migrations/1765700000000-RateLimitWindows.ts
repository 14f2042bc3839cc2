import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, int, str } from './schema-helpers.js';

/**
 * Rate limits move to rate-limiter-flexible (issue 15): a window per key, opened by its first counted
 * attempt, instead of a row per attempt in a rolling window. The table has the library's
 * layout (`key`, `points`, `expire`, in that order, as its SQL stores read and write it); the stores are
 * told it exists, so they never create a table themselves. The attempts in `rate_limit_hits` are not
 * carried over: the longest window is an hour, and a deploy that forgets the last hour's attempts lets
 * at most one window's worth through again.
 */
export class RateLimitWindows1765700000000 implements MigrationInterface {
  name = 'RateLimitWindows1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rate_limit_windows',
        columns: [
          { ...str('key', 100), isPrimary: true },
          int('points'),
          { name: 'expire', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await q.dropTable('rate_limit_hits');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rate_limit_hits',
        columns: [id(), str('bucket', 64), datetime('hitAt')],
        indices: [{ columnNames: ['bucket', 'hitAt'] }],
      }),
    );
    await q.dropTable('rate_limit_windows');
  }
}
