import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../../database/driver-errors.js';
import { CommonErrorCode, DomainError } from './domain-error.js';
import { statusOf } from './error-status.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId: string;
  [extra: string]: unknown;
}

const HTTP_CODES: Record<number, [string, string]> = {
  400: [CommonErrorCode.BAD_REQUEST, 'The request could not be understood.'],
  401: [CommonErrorCode.UNAUTHORIZED, 'Sign in to continue.'],
  403: [CommonErrorCode.FORBIDDEN, 'You do not have permission to do that.'],
  404: [CommonErrorCode.NOT_FOUND, 'There is nothing here.'],
  405: [CommonErrorCode.NOT_FOUND, 'There is nothing here.'],
  413: [CommonErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large.'],
  429: [CommonErrorCode.RATE_LIMITED, 'Too many requests. Try again later.'],
};

/** Seconds a client is asked to wait when the database is not answering. */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * The one place an error becomes a response: the api.md body, always, with a correlation id.
 * A database that cannot be reached is a 503 with Retry-After (whatever the request was doing);
 * anything else unknown is a bare 500. Details of both go to the log only, never to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const correlationId = String(req.id ?? req.headers['x-request-id'] ?? '');
    const body = this.toBody(exception, correlationId);
    if (body.statusCode >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(
        { correlationId, err: { type: err.name, message: err.message, stack: err.stack } },
        'Request failed',
      );
    }
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    } else if (body.code === CommonErrorCode.DATABASE_UNAVAILABLE && !res.headersSent) {
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    // statusOf is undefined only for a code the types forbid (error-status.ts): a bare 500, logged.
    const domainStatus = exception instanceof DomainError ? statusOf(exception) : undefined;
    if (exception instanceof DomainError && domainStatus !== undefined) {
      return {
        statusCode: domainStatus,
        code: exception.code,
        message: exception.message,
        correlationId,
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500 && HTTP_CODES[status]) {
        const [code, fallback] = HTTP_CODES[status];
        // Express's body parser and Nest's router say useful, safe things for these.
        const message =
          status === 400 && isBodyParseError(exception) ? 'The request body is not valid JSON.' : fallback;
        return { statusCode: status, code, message, correlationId };
      }
      if (status < 500)
        return {
          statusCode: status,
          code: CommonErrorCode.BAD_REQUEST,
          message: 'The request could not be processed.',
          correlationId,
        };
    }
    const status = httpStatusOfBodyParser(exception);
    if (status) {
      const [code, message] = HTTP_CODES[status] ?? HTTP_CODES[400];
      return {
        statusCode: status,
        code,
        message: status === 400 ? 'The request body is not valid JSON.' : message,
        correlationId,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      const message = 'The service cannot reach its database right now. Try again in a moment.';
      return { statusCode: 503, code: CommonErrorCode.DATABASE_UNAVAILABLE, message, correlationId };
    }
    return {
      statusCode: 500,
      code: CommonErrorCode.INTERNAL,
      message: 'Something went wrong on our side. Try again in a moment.',
      correlationId,
    };
  }
}

function isBodyParseError(exception: HttpException): boolean {
  const cause = exception.cause as { type?: string } | undefined;
  return cause?.type === 'entity.parse.failed' || /JSON/i.test(exception.message);
}

/** body-parser errors that reach the filter unwrapped carry `type` and `status`. */
function httpStatusOfBodyParser(exception: unknown): number | undefined {
  const e = exception as { type?: unknown; status?: unknown };
  if (typeof e?.type === 'string' && e.type.startsWith('entity.') && typeof e.status === 'number' && e.status < 500)
    return e.status;
  if (typeof e?.type === 'string' && /^(encoding|charset|request)\./.test(e.type) && typeof e.status === 'number')
    return e.status;
  return undefined;
}
