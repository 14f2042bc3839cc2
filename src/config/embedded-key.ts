import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where the embedded mode keeps its key: beside the database file, so a backup of one finds the other. */
export function embeddedKeyPath(sqlitePath: string): string {
  return `${resolve(sqlitePath)}.key`;
}

/**
 * The embedded SQLite mode's encryption key: made at random on first start and kept beside the
 * database file, readable by its owner only, so no two installations ever share a key. Several
 * processes (the app, workers) may start together: the key is written to a private file and
 * linked into place, which fails for all but the first, and every process then reads the winner's.
 */
export function embeddedEncryptionKey(sqlitePath: string): string {
  if (sqlitePath === ':memory:') return randomBytes(32).toString('base64');
  const path = embeddedKeyPath(sqlitePath);
  const existing = readKey(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true });
  const pending = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(pending, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(pending, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(pending, { force: true });
  }
  chmodSync(path, 0o600);
  const key = readKey(path);
  if (!key) throw new Error(`The encryption key file beside the database (${path}) is not a 32-byte base64 key`);
  return key;
}

function readKey(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (Buffer.from(text, 'base64').length !== 32)
    throw new Error(`The encryption key file beside the database (${path}) is not a 32-byte base64 key`);
  return text;
}
