import { HttpStatus } from '@nestjs/common';

/**
 * Codes that belong to no one module: the HTTP-level refusals, and the generic ones more than one
 * module answers with (permission and subscription checks, idempotent requests, an event's input to
 * the meeting endpoints of both the Zoom and the case events modules).
 */
export const CommonErrorCode = {
  VALIDATION_FAILED: 'validation_failed',
  BAD_REQUEST: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  CSRF_FAILED: 'csrf_failed',
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  RATE_LIMITED: 'rate_limited',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  INTERNAL: 'internal_error',
  DATABASE_UNAVAILABLE: 'database_unavailable',
  /** The caller lacks the team settings permission (identity's guards, Zoom's Connect). */
  TEAM_SETTINGS_REQUIRED: 'team_settings_required',
  /** The firm's subscription is not trialing or active (identity's guards, Zoom's Connect). */
  SUBSCRIPTION_INACTIVE: 'subscription_inactive',
  /** A request with the same Idempotency-Key, or on the same record, is still running. */
  REQUEST_IN_PROGRESS: 'request_in_progress',
  IDEMPOTENCY_KEY_REUSED: 'idempotency_key_reused',
  /** The two meeting endpoints (api.md): a blank title, a missing or unparseable start, are 422s there. */
  EVENT_TITLE_REQUIRED: 'event_title_required',
  EVENT_START_REQUIRED: 'event_start_required',
} as const;

export type CommonErrorCode = (typeof CommonErrorCode)[keyof typeof CommonErrorCode];

export const COMMON_ERROR_STATUS = {
  [CommonErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.BAD_REQUEST]: HttpStatus.BAD_REQUEST,
  [CommonErrorCode.UNAUTHORIZED]: HttpStatus.UNAUTHORIZED,
  [CommonErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.CSRF_FAILED]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CommonErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [CommonErrorCode.RATE_LIMITED]: HttpStatus.TOO_MANY_REQUESTS,
  [CommonErrorCode.PAYLOAD_TOO_LARGE]: HttpStatus.PAYLOAD_TOO_LARGE,
  [CommonErrorCode.INTERNAL]: HttpStatus.INTERNAL_SERVER_ERROR,
  [CommonErrorCode.DATABASE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [CommonErrorCode.TEAM_SETTINGS_REQUIRED]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.SUBSCRIPTION_INACTIVE]: HttpStatus.FORBIDDEN,
  [CommonErrorCode.REQUEST_IN_PROGRESS]: HttpStatus.CONFLICT,
  [CommonErrorCode.IDEMPOTENCY_KEY_REUSED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CommonErrorCode.EVENT_TITLE_REQUIRED]: HttpStatus.UNPROCESSABLE_ENTITY,
  [CommonErrorCode.EVENT_START_REQUIRED]: HttpStatus.UNPROCESSABLE_ENTITY,
} as const satisfies Record<CommonErrorCode, HttpStatus>;
