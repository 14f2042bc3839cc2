/**
 * What services throw. The code is the contract's error code; the global filter maps it to a status.
 * Services never throw HttpException.
 */
export class DomainError extends Error {
  /** Set where a code answers with another status than the one registered for it (sms_too_long: 422 at render, 400 at save). */
  status?: number;

  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Seconds until a retry may succeed; becomes the Retry-After header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
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
} as const;

export function notFound(what = 'That record'): DomainError {
  return new DomainError(CommonErrorCode.NOT_FOUND, `${what} does not exist.`);
}
