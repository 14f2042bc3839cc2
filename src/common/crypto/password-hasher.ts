import { Injectable } from '@nestjs/common';
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';
import { AppConfig } from '../../config/app-config.js';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// r and p of OWASP's scrypt baseline; N comes from PASSWORD_HASH_COST (2^17 in production: 128 MiB per hash).
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// Room for N=2^18 (256 MiB per hash), the highest PASSWORD_HASH_COST.
const MAX_MEMORY = 512 * 1024 * 1024;

/**
 * scrypt, a memory-hard KDF; the parameters are stored with each hash, so the cost can change
 * (raised later, or lowered for test suites) and every hash made before still verifies.
 *
 * Each hash holds one of libuv's four threads and 128 MiB for half a second, so hashes take turns in
 * two lanes: new passwords (sign-ups, new members, portal passwords) one at a time, sign-ins two at a
 * time. A burst of sign-ups then waits behind itself and never in front of a sign-in, at most three
 * hashes (384 MiB) run at once whatever arrives, and one thread stays free for the file system and DNS.
 */
@Injectable()
export class PasswordHasher {
  private readonly newPasswords = pLimit(1);
  private readonly signIns = pLimit(2);
  // A real hash to compare against when the account does not exist, so both answers take as long.
  // Made on first need: scrypt's 128 MiB at boot would be wasted memory for processes that never sign anyone in.
  private decoy: Promise<string> | undefined;
  /** scrypt's N for new hashes. */
  private readonly n: number;

  constructor(config: AppConfig) {
    this.n = config.passwordHashN;
  }

  hash(password: string): Promise<string> {
    return this.newPasswords(() => this.derive(password));
  }

  async verify(password: string, stored: string | null | undefined): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = (
      stored ?? (await (this.decoy ??= this.derive('decoy-password-for-timing')))
    ).split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = await this.signIns(() =>
      scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
        maxmem: MAX_MEMORY,
      }),
    );
    return timingSafeEqual(actual, expected) && stored !== undefined && stored !== null;
  }

  private async derive(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, KEY_LENGTH, { N: this.n, r: R, p: P, maxmem: MAX_MEMORY });
    return `scrypt$${this.n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
  }
}
