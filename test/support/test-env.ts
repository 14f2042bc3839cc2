/**
 * The environment every test process boots with (the whole app or a few modules), before a test's own
 * settings. scrypt runs at N=2^10 rather than 2^17: factories sign up through the API, and each hash
 * would cost half a second. Tests about hashing itself pass PASSWORD_HASH_COST: undefined (the
 * production default).
 */
export function testEnvironment(
  databaseUrl: string,
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    WORKER_RETRY_BASE_MS: '1000',
    PASSWORD_HASH_COST: '10',
    ...overrides,
  };
}
