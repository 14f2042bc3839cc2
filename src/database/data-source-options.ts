import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { entities } from './entities.js';

export type DatabaseKind = 'mysql' | 'sqlite';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/**
 * The connection for the app, the worker, the CLI and the TypeORM CLI. A mysql:// URL may point at
 * MySQL or MariaDB; TypeORM reads each one's catalogue differently, so ask the server which it is.
 */
export async function resolveDataSourceOptions(url: string): Promise<DataSourceOptions> {
  const options = dataSourceOptions(url);
  if (options.type !== 'mysql') return options;
  const connection = await createConnection({
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    connectTimeout: 10_000,
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as Array<{ version: string }>)[0]?.version ?? '');
    return /mariadb/i.test(version) ? { ...options, type: 'mariadb' } : options;
  } finally {
    await connection.end();
  }
}

export function dataSourceOptions(url: string): DataSourceOptions & { type: 'better-sqlite3' | 'mysql' } {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsTransactionMode: 'each' as const,
    logging: false,
  };
  if (databaseKind(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    const database = file === ':memory:' ? file : resolve(file);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // WAL lets readers run beside the one writer; the timeout makes a second process wait for the lock, not fail.
      enableWAL: true,
      timeout: 10_000,
    };
  }
  const parsed = new URL(url);
  return {
    ...common,
    type: 'mysql',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.replace(/^\//, ''),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    extra: { connectionLimit: 10 },
  };
}

/**
 * On MariaDB 10.5+ TypeORM reads inserted defaults back with INSERT … RETURNING and merges the raw
 * values into the entity unconverted (a boolean default comes back as 0). Its MySQL path re-selects
 * and converts them; make MariaDB take that path too.
 */
export function useConvertingInsertReadBack(dataSource: DataSource): void {
  if (dataSource.options.type !== 'mariadb') return;
  const driver = dataSource.driver as unknown as { _isReturningSqlSupported?: Record<string, boolean> };
  if (driver._isReturningSqlSupported) driver._isReturningSqlSupported.insert = false;
}
