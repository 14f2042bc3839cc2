import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createConnection } from 'mysql2/promise';
import { Writable } from 'node:stream';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/app.setup.js';

export const MYSQL_SERVER = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const ms = (n: number): string => `${n.toFixed(2)} ms`;

export interface BenchDatabase {
  kind: 'sqlite' | 'mysql';
  url: string;
  drop: () => Promise<void>;
}

/** A fresh, empty database of each kind for one benchmark. */
export async function freshDatabases(): Promise<BenchDatabase[]> {
  const file = join(tmpdir(), `mll-bench-${randomBytes(4).toString('hex')}.sqlite`);
  const sqlite: BenchDatabase = {
    kind: 'sqlite',
    url: `sqlite:${file}`,
    drop: async () => rmSync(file, { force: true }),
  };
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = await createConnection(`${MYSQL_SERVER}/`);
    await c.query(sql);
    await c.end();
  };
  try {
    await admin(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch {
    console.log(`(MySQL at ${MYSQL_SERVER} not reachable: SQLite only)`);
    return [sqlite];
  }
  return [
    sqlite,
    { kind: 'mysql', url: `${MYSQL_SERVER}/${name}`, drop: () => admin(`DROP DATABASE IF EXISTS \`${name}\``) },
  ];
}

/** The whole app in this process, listening on a free port, logs discarded. */
export async function startApp(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const app = await NestFactory.create(
    AppModule.forRoot({
      env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), ...env },
      logDestination: sink,
    }),
    { logger: false, rawBody: true },
  );
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** A GET; once more if the server had closed the idle keep-alive socket fetch reused (the seeding takes seconds). */
export async function getRetried(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch {
    return fetch(url, { headers });
  }
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

let floorBody: unknown = null;

@Controller()
class FloorController {
  @Get('floor')
  floor(): unknown {
    return floorBody;
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

/**
 * The floor a route is measured against: a bare Nest route answering `body` from memory, so the same
 * JSON goes through the same framework with nothing of ours in between. Alternate it with the route
 * under test in the same run; the ratio is the fair figure on a shared machine.
 */
export async function startFloor(body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  floorBody = body;
  const floorApp = await NestFactory.create(FloorModule, { logger: false });
  await floorApp.listen(0, '127.0.0.1');
  return { url: `${(await floorApp.getUrl()).replace('[::1]', '127.0.0.1')}/floor`, close: () => floorApp.close() };
}
