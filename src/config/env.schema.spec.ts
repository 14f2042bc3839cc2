import { describe, expect, it } from '@jest/globals';
import { parseTrustProxy, validateEnv } from './env.schema.js';

describe('validateEnv', () => {
  it('applies the documented defaults', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:./data/app.sqlite',
      WORKER_POLL_MS: 1000,
      WORKER_RETRY_BASE_MS: 30000,
    });
  });

  it('refuses production without ENCRYPTION_KEY, naming it', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEY is required/);
  });

  it('names a bad variable without echoing its value', () => {
    const secretish = 'not-base64-but-secret-value';
    let message = '';
    try {
      validateEnv({ ENCRYPTION_KEY: secretish, PORT: 'eighty', DATABASE_URL: 'postgres://u:hunter2@h/db' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ENCRYPTION_KEY');
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain(secretish);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('eighty');
  });

  it('refuses placeholder secrets in production', () => {
    expect(() =>
      validateEnv({
        NODE_ENV: 'production',
        ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
        ZOOM_CLIENT_SECRET: 'changeme',
      }),
    ).toThrow(/ZOOM_CLIENT_SECRET holds a placeholder/);
  });

  it('reads TRUST_PROXY as api.md says: loopback, false, a hop count, or addresses and subnets', () => {
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16,::1,fd00::/8')).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      '::1',
      'fd00::/8',
    ]);
    for (const bad of ['true', 'yes', '10.0.0.0/33', '10.0.0', 'loopback,,', '1.5', '-1', 'all'])
      expect(parseTrustProxy(bad)).toBeNull();
  });

  it('refuses to boot on a TRUST_PROXY it cannot read, naming it', () => {
    expect(() => validateEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be/);
    expect(() => validateEnv({ TRUST_PROXY: '1' })).not.toThrow();
  });

  it('needs ENCRYPTION_KEY with a MySQL database: only the embedded mode makes its own', () => {
    expect(() => validateEnv({ DATABASE_URL: 'mysql://u:p@db:3306/app' })).toThrow(
      /ENCRYPTION_KEY is required with a MySQL DATABASE_URL/,
    );
    expect(() => validateEnv({ DATABASE_URL: 'sqlite:./data/x.sqlite' })).not.toThrow();
  });

  it('takes PASSWORD_HASH_COST as log2 N, 17 by default, and refuses a cost below 17 in production', () => {
    expect(validateEnv({}).PASSWORD_HASH_COST).toBe(17);
    expect(validateEnv({ NODE_ENV: 'test', PASSWORD_HASH_COST: '10' }).PASSWORD_HASH_COST).toBe(10);
    const production = { NODE_ENV: 'production', ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(validateEnv(production).PASSWORD_HASH_COST).toBe(17);
    expect(validateEnv({ ...production, PASSWORD_HASH_COST: '18' }).PASSWORD_HASH_COST).toBe(18);
    for (const low of ['10', '16'])
      expect(() => validateEnv({ ...production, PASSWORD_HASH_COST: low })).toThrow(
        /PASSWORD_HASH_COST must be at least 17 when NODE_ENV=production/,
      );
    for (const bad of ['9', '19', '2^17', '131072'])
      expect(() => validateEnv({ PASSWORD_HASH_COST: bad })).toThrow(/PASSWORD_HASH_COST/);
  });
});
