import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret with 256 random bits, URL-safe. */
export function newOpaqueToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Only this digest is stored; a stolen table yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
