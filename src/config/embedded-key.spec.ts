import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedEncryptionKey, embeddedKeyPath } from './embedded-key.js';

describe('embeddedEncryptionKey', () => {
  it('makes a random key on first start, keeps it beside the database file for its owner only, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mll-key-'));
    const db = join(dir, 'nested', 'app.sqlite');
    const key = embeddedEncryptionKey(db);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(readFileSync(embeddedKeyPath(db), 'utf8').trim()).toBe(key);
    expect(statSync(embeddedKeyPath(db)).mode & 0o777).toBe(0o600);
    expect(embeddedEncryptionKey(db)).toBe(key);
  });

  it('gives two installations two keys', () => {
    const a = embeddedEncryptionKey(join(mkdtempSync(join(tmpdir(), 'mll-key-')), 'app.sqlite'));
    const b = embeddedEncryptionKey(join(mkdtempSync(join(tmpdir(), 'mll-key-')), 'app.sqlite'));
    expect(a).not.toBe(b);
  });

  it('refuses a key file that is not a key, rather than making a new one over it', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'mll-key-')), 'app.sqlite');
    writeFileSync(embeddedKeyPath(db), 'not a key');
    expect(() => embeddedEncryptionKey(db)).toThrow(/not a 32-byte base64 key/);
  });
});
