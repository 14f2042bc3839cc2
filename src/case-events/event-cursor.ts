import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../common/errors/domain-error.js';

/** Where a page of events ends: the last (startsAt, id) seen, in the timeline's order. */
export interface EventCursor {
  startsAt: Date;
  id: string;
}

export function encodeEventCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.startsAt.toISOString(), cursor.id]), 'utf8').toString('base64url');
}

/** The position an opaque cursor names; a tampered or foreign cursor is a 400, never a 500. */
export function decodeEventCursor(value: string): EventCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && isUUID(decoded[1])) {
    const startsAt = new Date(decoded[0]);
    if (!Number.isNaN(startsAt.getTime())) return { startsAt, id: decoded[1] as string };
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a cursor this list gave out' }]);
}
