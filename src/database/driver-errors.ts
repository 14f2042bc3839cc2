/** The driver's error code (mysql2's `ER_…`/`E…`, better-sqlite3's `SQLITE_…`), whether TypeORM wrapped the error or not. */
export function driverErrorCode(error: unknown): string | undefined {
  const e = error as { driverError?: { code?: unknown }; code?: unknown } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A duplicate key on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverErrorCode(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The database could not be reached or went away mid-request (a restart, a network cut, too many
 * connections, SQLite's writer lock held past the busy timeout): worth trying again in a moment.
 */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = driverErrorCode(error);
  return code !== undefined && UNAVAILABLE.has(code);
}
