import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../../config/app-config.js';

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

@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: [
              {
                level: config.env.LOG_LEVEL ?? (config.env.NODE_ENV === 'test' ? 'warn' : 'info'),
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
                customLogLevel: (_req: unknown, res: { statusCode: number }, err?: Error) =>
                  err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              },
              destination ?? process.stdout,
            ],
          }),
        }),
      ],
    };
  }
}
