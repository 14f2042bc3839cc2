import {
  Global,
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { AppConfig } from '../../config/app-config.js';
import { AppLogger, ROOT_LOGGER, requestLogger } from './app-logger.js';

const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** Paths whose values never reach a log line, whatever logged them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-zm-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.portalPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.code',
  '*.state',
  '*.clientSecret',
  '*.client_secret',
  '*.start_url',
  '*.secret',
  '*.*.password',
  '*.*.accessToken',
  '*.*.refreshToken',
  '*.*.access_token',
  '*.*.refresh_token',
  '*.*.token',
  '*.*.start_url',
];

/** Query strings carry OAuth codes and states, and feed URLs carry their token: neither is logged. */
export function safeUrl(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.replace(/^\/calendar\/[^/]+$/, '/calendar/[redacted].ics');
}

/** The caller's X-Request-Id when it is plain, else a new UUID; assigned once per request. */
export function requestId(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * JSON logs with pino: one line per request from pino-http (its level from the status), and Nest's
 * Logger (AppLogger) over the same logger, so every line passes the same redaction.
 */
@Global()
@Module({})
export class LoggingModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        {
          provide: HTTP_LOGGER,
          inject: [AppConfig],
          useFactory: (config: AppConfig): HttpLogger =>
            pinoHttp<IncomingMessage, ServerResponse>(
              {
                level: config.logLevel,
                redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
                genReqId: requestId,
                serializers: {
                  req: (req: { id: string; method: string; url: string }) => ({
                    id: req.id,
                    method: req.method,
                    url: safeUrl(req.url),
                  }),
                  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
                },
                customLogLevel: (_req, res, err) =>
                  err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              },
              destination ?? process.stdout,
            ),
        },
        { provide: ROOT_LOGGER, inject: [HTTP_LOGGER], useFactory: (http: HttpLogger) => http.logger },
        AppLogger,
      ],
      exports: [AppLogger, ROOT_LOGGER],
    };
  }

  /** Every route: the request's line when it ends, and its logger for whatever is logged while it is handled. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: IncomingMessage, res: ServerResponse, next: () => void) =>
        this.http(req, res, () => requestLogger.run(req.log, next)),
      )
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
