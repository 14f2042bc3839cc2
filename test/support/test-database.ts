import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/** MySQL when DATABASE_URL says so (CI's MySQL run), else a fresh SQLite file per test file. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url && !url.startsWith('sqlite:')) return url;
  return `sqlite:${join(tmpdir(), `mll-test-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`)}`;
}

export const isMysqlRun = (): boolean => !testDatabaseUrl().startsWith('sqlite:');

/** A brand-new, empty database for tests that need one (migrations); dropped by the returned function. */
export async function createEmptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = testDatabaseUrl();
  if (base.startsWith('sqlite:')) {
    const url = `sqlite:${join(tmpdir(), `mll-empty-${randomBytes(6).toString('hex')}.sqlite`)}`;
    return { url, drop: async () => rmSync(url.slice('sqlite:'.length), { force: true }) };
  }
  const parsed = new URL(base);
  const name = `${parsed.pathname.slice(1)}_empty_${randomBytes(4).toString('hex')}`;
  await withServer(base, (c) =>
    c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  parsed.pathname = `/${name}`;
  return {
    url: parsed.toString(),
    drop: () => withServer(base, (c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``)).then(() => undefined),
  };
}

async function withServer<T>(
  url: string,
  work: (c: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  const parsed = new URL(url);
  const connection = await createConnection({
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}
