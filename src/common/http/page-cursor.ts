import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error.js';
import { isInstantInRange } from './validators.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** Every list answer of the contract. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where a keyset page ends: the ordering time and the id of the last row seen. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id]), 'utf8').toString('base64url');
}

/** The position an opaque cursor names; a tampered or foreign cursor is a 400, never a 500. */
export function decodeCursor(value: string): KeysetCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && isUUID(decoded[1])) {
    const at = new Date(decoded[0]);
    // Ours never hold a time outside the API's range; a forged one must not reach the database's comparison.
    if (isInstantInRange(at)) return { at, id: decoded[1] as string };
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a cursor this list gave out' }]);
}
