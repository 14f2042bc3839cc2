import { HttpStatus } from '@nestjs/common';
import { CASE_EVENT_ERROR_STATUS } from '../../case-events/case-events.errors.js';
import { IDENTITY_ERROR_STATUS } from '../../identity/identity.errors.js';
import { TEAM_ERROR_STATUS } from '../../identity/team.errors.js';
import { ZOOM_ERROR_STATUS } from '../../integrations/zoom/zoom.errors.js';
import { MESSAGING_ERROR_STATUS } from '../../messaging/messaging.errors.js';
import { COMMON_ERROR_STATUS } from './common.errors.js';
import type { DomainError } from './domain-error.js';

/**
 * A code api.md answers with two statuses (sms_too_long: 422 at render, 400 at save). Its table entry
 * lists both, and every `new DomainError` of it must name one (see DomainError's constructor).
 */
export type TwoStatuses = readonly [HttpStatus, HttpStatus];

/**
 * Each module's table of its codes, one per module, each `satisfies Record<ItsCode, HttpStatus>`.
 * error-status.spec.ts checks that no code is in two of them and that every *.errors.ts table is here.
 */
export const ERROR_STATUS_TABLES = {
  common: COMMON_ERROR_STATUS,
  identity: IDENTITY_ERROR_STATUS,
  team: TEAM_ERROR_STATUS,
  caseEvents: CASE_EVENT_ERROR_STATUS,
  zoom: ZOOM_ERROR_STATUS,
  messaging: MESSAGING_ERROR_STATUS,
} as const;

/** Every code a DomainError can carry, with its status: a code not in a table does not compile. */
export const ERROR_STATUS = {
  ...COMMON_ERROR_STATUS,
  ...IDENTITY_ERROR_STATUS,
  ...TEAM_ERROR_STATUS,
  ...CASE_EVENT_ERROR_STATUS,
  ...ZOOM_ERROR_STATUS,
  ...MESSAGING_ERROR_STATUS,
};

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The codes with two statuses, whose throws name one. */
export type TwoStatusCode = {
  [C in ErrorCode]: (typeof ERROR_STATUS)[C] extends TwoStatuses ? C : never;
}[ErrorCode];

/** The codes with one status, which the table alone decides. */
export type OneStatusCode = Exclude<ErrorCode, TwoStatusCode>;

/** The statuses a two-status code may be thrown with. */
export type AlternativeStatus = (typeof ERROR_STATUS)[TwoStatusCode][number];

/**
 * The status of the answer: the code's own, or for a two-status code the one its throw named.
 * Undefined only for an error the types forbid (a code in no table, a cast): the filter makes it a 500.
 */
export function statusOf(error: DomainError): HttpStatus | undefined {
  const entry = (ERROR_STATUS as Record<string, HttpStatus | TwoStatuses | undefined>)[error.code];
  if (typeof entry === 'number') return entry;
  if (entry && error.status !== undefined && entry.includes(error.status)) return error.status;
  return undefined;
}
