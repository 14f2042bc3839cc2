import type { MigrationInterface, QueryRunner } from 'typeorm';

const FIRST = '1900-01-01 00:00:00.000';
const LAST = '2199-12-31 23:59:59.999';
const REASON =
  'Cancelled by an update: the event was stored with a time outside 1900–2199 (UTC), which the app no longer accepts.';

/**
 * Repairs times stored before the API refused those outside 1900–2199 (UTC): SQLite kept year 10000
 * and strings nothing reads back; MySQL may hold zero dates. Any such row made every list holding it
 * a 500. What "repair" means here:
 * - an event whose start is out of range (or unreadable) is cancelled, so nothing is sent for it and it
 *   stays on the staff timeline and feeds as cancelled; its start is clamped to the nearest end of the
 *   range, and its end is dropped unless it is a readable time after the new start;
 * - an event whose start is fine but whose end is out of range keeps going, without an end (what an
 *   event created without one has);
 * - a pending reminder of a cancelled event is cancelled, with the reason in lastError; a delivery whose
 *   due time is out of range gets it clamped, and is cancelled if still pending.
 * Each repaired event's sequence grows, so calendar feeds and timeline caches publish the change.
 * Times only the server writes (createdAt, cancelledAt, sentAt, ...) come from the clock and need none.
 * There is no way back: down() leaves the repaired rows as they are.
 */
export class RepairOutOfRangeTimes1765200000000 implements MigrationInterface {
  name = 'RepairOutOfRangeTimes1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const sql = q.connection.options.type === 'better-sqlite3' ? sqlite : mysql;
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const badStart = sql.outOfRange('startsAt');
    const badEnd = sql.outOfRange('endsAt');

    await q.query(
      `UPDATE deliveries SET status = 'cancelled', lastError = ?, leaseOwner = NULL, leaseUntil = NULL, updatedAt = ?
       WHERE status = 'scheduled' AND (${sql.outOfRange('dueAt')} OR eventId IN (SELECT id FROM case_events WHERE ${badStart}))`,
      [REASON, now],
    );
    await q.query(
      `UPDATE deliveries SET dueAt = ${sql.clamped('dueAt')}, updatedAt = ? WHERE ${sql.outOfRange('dueAt')}`,
      [now],
    );

    // MySQL evaluates SET left to right with the new values, SQLite with the old: endsAt is set before
    // startsAt, and reads the start only through clamped(), so both see the same old values.
    await q.query(
      `UPDATE case_events SET
         status = 'cancelled', cancelledAt = COALESCE(cancelledAt, ?),
         endsAt = CASE WHEN ${badEnd} OR endsAt <= ${sql.clamped('startsAt')} THEN NULL ELSE endsAt END,
         startsAt = ${sql.clamped('startsAt')},
         sequence = sequence + 1, updatedAt = ?
       WHERE ${badStart}`,
      [now, now],
    );
    await q.query(`UPDATE case_events SET endsAt = NULL, sequence = sequence + 1, updatedAt = ? WHERE ${badEnd}`, [
      now,
    ]);
  }

  async down(): Promise<void> {
    // Nothing to undo: the repaired values are valid under every earlier version too.
  }
}

interface Dialect {
  /** True for a stored time outside the range, or one the driver cannot read; false for NULL. */
  outOfRange(column: string): string;
  /** The nearest end of the range: the last for years past 2199, the first for everything else. */
  clamped(column: string): string;
}

const mysql: Dialect = {
  // A zero date ('0000-00-00') sorts first, so it is below the range.
  outOfRange: (c) => `(${c} < '${FIRST}' OR ${c} > '${LAST}')`,
  clamped: (c) => `(CASE WHEN ${c} > '${LAST}' THEN '${LAST}' WHEN ${c} < '${FIRST}' THEN '${FIRST}' ELSE ${c} END)`,
};

// SQLite keeps what it was given. julianday() reads what JavaScript reads and is NULL for the rest
// (five-digit years, month 13, 'garbage'); a number is no time TypeORM reads.
const sqliteReadable = (c: string): string => `(typeof(${c}) = 'text' AND julianday(${c}) IS NOT NULL)`;
const sqliteAbove = (c: string): string =>
  `(typeof(${c}) = 'text' AND (julianday(${c}) > julianday('${LAST}') OR ${c} GLOB '[1-9][0-9][0-9][0-9][0-9]*'))`;

const sqlite: Dialect = {
  outOfRange: (c) =>
    `(${c} IS NOT NULL AND NOT (${sqliteReadable(c)} AND julianday(${c}) >= julianday('${FIRST}') AND julianday(${c}) <= julianday('${LAST}')))`,
  clamped: (c) =>
    `(CASE WHEN ${sqliteAbove(c)} THEN '${LAST}' WHEN NOT ${sqliteReadable(c)} OR julianday(${c}) < julianday('${FIRST}') THEN '${FIRST}' ELSE ${c} END)`,
};
