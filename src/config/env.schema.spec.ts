import { describe, expect, it } from '@jest/globals';
import { validateEnv } from './env.schema.js';

describe('validateEnv', () => {
  it('applies the documented defaults', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ PORT: 3000, APP_URL: 'http://localhost:3000', DATABASE_URL: 'sqlite:./data/app.sqlite', WORKER_POLL_MS: 1000, WORKER_RETRY_BASE_MS: 30000 });
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
    expect(() => validateEnv({ NODE_ENV: 'production', ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), ZOOM_CLIENT_SECRET: 'changeme' })).toThrow(/ZOOM_CLIENT_SECRET holds a placeholder/);
  });
});
