import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as Pino } from 'pino';

/** The process's one pino logger; every line, in a request or not, goes through it (and its redaction). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** While a request is handled: pino-http's logger for it, so what is logged carries the request's id and path. */
export const requestLogger = new AsyncLocalStorage<Pino>();

/**
 * Nest's own start-up narration (one line per module and per route, about ninety in all): at debug,
 * so that at the default level a start says one line of its own (main.ts).
 */
const START_UP_NARRATION = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's LoggerService over pino: `new Logger('Context').log(...)` anywhere in the app becomes one
 * JSON line with `context`, an object argument's fields, and an Error as `err`.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Pino) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context last; what comes between the message and it is printf-style arguments. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    let args = params;
    if (params.length > 0) {
      fields.context = params[params.length - 1];
      args = params.slice(0, -1);
    }
    if (level === 'info' && START_UP_NARRATION.has(fields.context as string)) level = 'debug';
    const logger = requestLogger.getStore() ?? this.root;
    const emit = logger[level].bind(logger) as (obj: object, ...rest: unknown[]) => void;
    if (message instanceof Error) {
      emit({ ...fields, err: message }, ...args);
    } else if (typeof message === 'object' && message !== null) {
      emit({ ...fields, ...message }, ...args);
    } else if (isStackTrace(level, message, args)) {
      // Nest's own exception handlers call error(message, stack, context).
      const err = new Error(message as string);
      err.stack = args[0] as string;
      emit({ ...fields, err });
    } else {
      emit(fields, message, ...args);
    }
  }
}

function isStackTrace(level: Level, message: unknown, args: unknown[]): boolean {
  return (
    level === 'error' &&
    typeof message === 'string' &&
    args.length === 1 &&
    typeof args[0] === 'string' &&
    /\n\s*at /.test(args[0])
  );
}
