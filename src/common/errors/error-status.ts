/** HTTP status of every error code; modules register theirs next to their codes. */
const statuses = new Map<string, number>([
  ['validation_failed', 400],
  ['bad_request', 400],
  ['unauthorized', 401],
  ['forbidden', 403],
  ['csrf_failed', 403],
  ['not_found', 404],
  ['conflict', 409],
  ['payload_too_large', 413],
  ['rate_limited', 429],
  ['internal_error', 500],
  ['database_unavailable', 503],
]);

export function registerErrorStatuses(entries: Record<string, number>): void {
  for (const [code, status] of Object.entries(entries)) statuses.set(code, status);
}

export function statusOf(code: string): number {
  return statuses.get(code) ?? 500;
}
