/** A duplicate key on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { driverError?: { code?: string }; code?: string };
  const code = e.driverError?.code ?? e.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
