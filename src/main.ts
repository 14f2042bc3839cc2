import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { relative } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { AppConfig } from './config/app-config.js';
import { exitOnBootFailure } from './config/boot-failure.js';
import { migrationsAppliedAtStart } from './database/run-migrations.js';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const app = await NestFactory.create(AppModule.forRoot(), { bufferLogs: true, abortOnError: false, rawBody: true });
  configureApp(app);
  await app.init();
  const config = app.get(AppConfig);
  await listen(app.getHttpServer() as Server, config.port);
  const { message, ...fields } = await startUp(config, app.get<DataSource>(getDataSourceToken()));
  new Logger('Main').log({ ...fields }, message);
}

/**
 * Listens on PORT, or fails with one line that says what to do. (Nest's app.listen logs its own
 * error line and, before it, "successfully started".)
 */
function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE')
        reject(new Error(`port ${port} is in use by another process: stop it, or set PORT to a free port`));
      else if (error.code === 'EACCES')
        reject(new Error(`port ${port} needs privileges this process does not have: set PORT to 1024 or above`));
      else reject(error);
    };
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** The one line a start says: where the app is, on which database, and what the migrations did. */
async function startUp(
  config: AppConfig,
  dataSource: DataSource,
): Promise<{ message: string; url: string; port: number; database: string; migrations: object }> {
  const [{ count }] = (await dataSource.query(
    `SELECT COUNT(*) AS count FROM ${dataSource.options.migrationsTableName ?? 'migrations'}`,
  )) as Array<{ count: number | string }>;
  const applied = Number(count);
  const now = migrationsAppliedAtStart.get(dataSource)?.length ?? 0;
  const database = describeDatabase(dataSource, config.usesEmbeddedKey);
  const url = config.appUrl;
  const where = url === `http://localhost:${config.port}` ? url : `${url} (listening on port ${config.port})`;
  return {
    message: `Ready at ${where} on ${database}; migrations: ${applied} applied (${now || 'none'} on this start)`,
    url,
    port: config.port,
    database: dataSource.options.type === 'better-sqlite3' ? 'sqlite' : dataSource.options.type,
    migrations: { applied, appliedOnThisStart: now },
  };
}

/** The database's kind and where it is (and the embedded mode's own key); never its credentials. */
function describeDatabase(dataSource: DataSource, ownKey: boolean): string {
  const options = dataSource.options;
  if (options.type === 'better-sqlite3') {
    const file = options.database;
    if (file === ':memory:') return 'SQLite in memory';
    const shown = relative('.', file).startsWith('..') ? file : relative('.', file);
    return `SQLite ${shown}${ownKey ? ` (its encryption key: ${shown}.key)` : ''}`;
  }
  if (options.type === 'mysql' || options.type === 'mariadb') {
    const version = String((dataSource.driver as { version?: string }).version ?? '').split('-')[0];
    const kind = options.type === 'mariadb' ? 'MariaDB' : 'MySQL';
    return `${kind}${version ? ` ${version}` : ''} at ${options.host}:${options.port}/${options.database}`;
  }
  return options.type;
}

bootstrap().catch(exitOnBootFailure);
