import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ValidationFailedError, type FieldError } from '../errors/domain-error.js';

/**
 * Keys that JavaScript reads as an object's own machinery: class-transformer assigns `__proto__` as
 * the new instance's prototype (its fields then pass validation unseen) and `constructor` over the
 * class. They are refused like any unknown property, wherever they are, on every body and query.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);
/** No body of ours nests deeper than 3; past this, the transformer's and validator's recursion could overflow. */
export const MAX_BODY_DEPTH = 32;

// Half of a UTF-16 pair: no character at all. Validators that encode text throw on it (a 500), and MySQL refuses to store it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first key that may not be in a request's data, the first text that is not Unicode, or the first
 * place it nests too deep; walked without recursion.
 */
export function hostileShape(data: unknown): FieldError | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: data, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string' && LONE_SURROGATE.test(value))
      return { field: path, message: `${path} must be valid Unicode text` };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH)
      return { field: path, message: `${path} is nested more than ${MAX_BODY_DEPTH} levels deep` };
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key) || LONE_SURROGATE.test(key))
        return { field, message: `property ${field} should not exist` };
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return null;
}

function refuseHostileShapes(req: Request, _res: Response, next: NextFunction): void {
  const found = hostileShape(req.body) ?? hostileShape(req.query);
  next(found ? new ValidationFailedError([found]) : undefined);
}

/**
 * The JSON and form parsers Nest would register (keeping raw bodies when the app was created with
 * rawBody, for the Zoom webhook's signature), followed by the check above, so it sees every parsed
 * body whichever route it is for. Forms are parsed flat (querystring), which keeps every key as sent
 * instead of qs silently dropping `__proto__`. Registered before Nest's own, which it then skips.
 */
export function useApiBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json');
  app.useBodyParser('urlencoded', { extended: false });
  app.use(refuseHostileShapes);
}
