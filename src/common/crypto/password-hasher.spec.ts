import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '../../config/app-config.js';
import { PasswordHasher } from './password-hasher.js';

const hasherAt = (cost: number | undefined): PasswordHasher =>
  new PasswordHasher(AppConfig.fromEnvironment(cost === undefined ? {} : { PASSWORD_HASH_COST: String(cost) }));

/** The N stored in a hash: scrypt$N$r$p$salt$key. */
const storedN = (hash: string): number => Number(hash.split('$')[1]);

describe('PasswordHasher', () => {
  it('hashes at the configured cost, and stores its parameters with the hash', async () => {
    const hash = await hasherAt(10).hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('verifies a hash made at another cost, both ways, and refuses a wrong password whatever the cost', async () => {
    const cheap = hasherAt(10);
    const dearer = hasherAt(12);
    const madeCheap = await cheap.hash('pw-one');
    const madeDearer = await dearer.hash('pw-two');
    expect(storedN(madeCheap)).toBe(2 ** 10);
    expect(storedN(madeDearer)).toBe(2 ** 12);
    await expect(dearer.verify('pw-one', madeCheap)).resolves.toBe(true);
    await expect(cheap.verify('pw-two', madeDearer)).resolves.toBe(true);
    await expect(dearer.verify('pw-two', madeCheap)).resolves.toBe(false);
    await expect(cheap.verify('pw-one', madeDearer)).resolves.toBe(false);
  });

  it('hashes at N=2^17 by default, and a test-cost hasher verifies such a hash (the stored N is used, not its own)', async () => {
    const production = await hasherAt(undefined).hash('pw-production');
    expect(storedN(production)).toBe(2 ** 17);
    const test = hasherAt(10);
    await expect(test.verify('pw-production', production)).resolves.toBe(true);
    await expect(test.verify('pw-wrong', production)).resolves.toBe(false);
  });

  it('answers false for a missing hash (after hashing a decoy) and for one of another scheme', async () => {
    const hasher = hasherAt(10);
    await expect(hasher.verify('anything', null)).resolves.toBe(false);
    await expect(hasher.verify('anything', undefined)).resolves.toBe(false);
    await expect(hasher.verify('anything', 'bcrypt$2b$10$abc')).resolves.toBe(false);
  });
});
