import type { HttpStatus } from '@nestjs/common';
import { CommonErrorCode } from './common.errors.js';
import type { AlternativeStatus, ErrorCode, OneStatusCode, TwoStatusCode } from './error-status.js';

export { CommonErrorCode } from './common.errors.js';

/**
 * What services throw. The code is the contract's error code, from one module's table (error-status.ts);
 * the global filter answers with the status the table gives it. Services never throw HttpException.
 */
export class DomainError extends Error {
  /** Seconds until a retry may succeed; becomes the Retry-After header. */
  readonly retryAfterSeconds?: number;
  /** Set only for a code api.md answers with two statuses, by the throw that decides which (see TwoStatuses). */
  readonly status?: HttpStatus;
  readonly details: Record<string, unknown>;

  constructor(code: OneStatusCode, message: string, details?: Record<string, unknown>, retryAfterSeconds?: number);
  /** A code with two statuses: the throw says which it answers with. */
  constructor(
    code: TwoStatusCode,
    message: string,
    details: Record<string, unknown>,
    answer: { status: AlternativeStatus },
  );
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    extra?: number | { status: AlternativeStatus },
  ) {
    super(message);
    this.name = 'DomainError';
    this.details = details;
    if (typeof extra === 'number') this.retryAfterSeconds = extra;
    else if (extra) this.status = extra.status;
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationFailedError extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super(CommonErrorCode.VALIDATION_FAILED, errors.map((e) => e.message).join('; ') || 'The request is not valid.', {
      errors,
    });
  }
}

export function notFound(what = 'That record'): DomainError {
  return new DomainError(CommonErrorCode.NOT_FOUND, `${what} does not exist.`);
}
