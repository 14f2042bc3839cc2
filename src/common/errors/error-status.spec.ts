import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { ERROR_STATUS, ERROR_STATUS_TABLES, statusOf, type ErrorCode } from './error-status.js';

/** Every status api.md names for a code (the statuses, then the code); two for the render limits. */
const CONTRACT: Record<string, number[]> = {
  validation_failed: [400],
  unknown_merge_field: [400],
  template_syntax_error: [400],
  sms_too_long: [422, 400],
  template_too_costly: [422, 400],
  invalid_credentials: [401],
  csrf_failed: [403],
  subscription_inactive: [403],
  team_settings_required: [403],
  wrong_password: [403],
  not_found: [404],
  email_taken: [409],
  last_team_admin: [409],
  portal_email_taken: [409],
  request_in_progress: [409],
  zoom_not_configured: [409],
  zoom_not_connected: [409],
  zoom_reconnect_needed: [409],
  event_start_required: [422],
  event_title_required: [422],
  idempotency_key_reused: [422],
  zoom_cannot_host: [422],
  rate_limited: [429],
  zoom_rate_limited: [429],
  zoom_unavailable: [502],
  // The webhook's bad signature is a 401 in api.md, without a code.
  webhook_unauthorized: [401],
};

const statusesOf = (entry: HttpStatus | readonly HttpStatus[]): number[] =>
  typeof entry === 'number' ? [entry] : [...entry];
const tables = Object.entries(ERROR_STATUS_TABLES) as Array<
  [string, Record<string, HttpStatus | readonly HttpStatus[]>]
>;

/** An error that only a cast can make: its code is in no table, or it lacks the status its code needs. */
const forged = (code: string, status?: number): DomainError =>
  Object.assign(Object.create(DomainError.prototype) as DomainError, { code, status, details: {} });

describe('error statuses', () => {
  it('gives no code two owners: each is in exactly one module table', () => {
    const owners = new Map<string, string[]>();
    for (const [module, table] of tables) {
      for (const code of Object.keys(table)) owners.set(code, [...(owners.get(code) ?? []), module]);
    }
    const shared = [...owners].filter(([, modules]) => modules.length > 1);
    expect(shared).toEqual([]);
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...owners.keys()].sort());
  });

  it('combines every module table: each *.errors.ts under src/ that exports one is in ERROR_STATUS_TABLES', async () => {
    const src = join(process.cwd(), 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.errors\.ts$/.test(f));
    const combined = new Set<unknown>(Object.values(ERROR_STATUS_TABLES));
    const missing: string[] = [];
    for (const file of files) {
      const exported = (await import(pathToFileURL(join(src, file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported)) {
        if (name.endsWith('_ERROR_STATUS') && !combined.has(value))
          missing.push(`${relative(src, join(src, file))}: ${name}`);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(missing).toEqual([]);
  });

  it('maps each code to an error status; a code with two statuses lists two different ones', () => {
    for (const [code, entry] of Object.entries(ERROR_STATUS) as Array<[string, HttpStatus | readonly HttpStatus[]]>) {
      const statuses = statusesOf(entry);
      expect({ code, ok: statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599) }).toEqual({
        code,
        ok: true,
      });
      if (Array.isArray(entry)) expect({ code, distinct: new Set(statuses).size }).toEqual({ code, distinct: 2 });
    }
  });

  it('answers every code api.md names with the status (or both statuses) api.md gives it', () => {
    const actual = Object.fromEntries(
      Object.keys(CONTRACT).map((code) => [code, statusesOf(ERROR_STATUS[code as ErrorCode] ?? [])]),
    );
    expect(actual).toEqual(CONTRACT);
  });

  it("answers a DomainError with its code's status, and a two-status code with the one its throw named", () => {
    expect(statusOf(new DomainError('event_title_required', 'x'))).toBe(422);
    expect(statusOf(new DomainError('zoom_unavailable', 'x'))).toBe(502);
    expect(statusOf(new DomainError('sms_too_long', 'x', {}, { status: HttpStatus.BAD_REQUEST }))).toBe(400);
    expect(statusOf(new DomainError('template_too_costly', 'x', {}, { status: HttpStatus.UNPROCESSABLE_ENTITY }))).toBe(
      422,
    );
  });

  it('has no status for an error the types forbid, which the filter answers with a bare 500', () => {
    expect(statusOf(forged('no_such_code'))).toBeUndefined();
    expect(statusOf(forged('sms_too_long'))).toBeUndefined();
    expect(statusOf(forged('sms_too_long', 409))).toBeUndefined();
  });
});
