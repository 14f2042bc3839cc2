import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../common/errors/domain-error.js';

/** Where a page of feeds ends: the last (createdAt, id) seen. */
export interface FeedCursor {
  createdAt: Date;
  id: string;
}

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id]), 'utf8').toString('base64url');
}

/** The position an opaque cursor names; a tampered or foreign cursor is a 400, never a 500. */
export function decodeFeedCursor(value: string): FeedCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && isUUID(decoded[1])) {
    const createdAt = new Date(decoded[0]);
    if (!Number.isNaN(createdAt.getTime())) return { createdAt, id: decoded[1] as string };
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a cursor this list gave out' }]);
}
