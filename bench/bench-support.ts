import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
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

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** CPU seconds (user + system) a process has used so far, from /proc (10 ms ticks); 0 where that cannot be read. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Now on the clock V8 stamps CPU profile samples with (CLOCK_MONOTONIC, microseconds), shared by every process. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * A `--cpu-prof` file's self time, by package (or our own folder) and by function, counting only the
 * samples taken from `fromMicros` on (a monotonicMicros() reading), so start-up can be left out.
 */
export function summarizeCpuProfile(file: string, options: { fromMicros?: number; top?: number } = {}): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < (options.fromMicros ?? 0)) return;
    const frame = nodes.get(id);
    if (!frame) return;
    const special = /^\((garbage collector|program|idle)\)$/.test(frame.functionName);
    const where = codeUnit(frame.url);
    total += delta;
    add(byModule, special ? frame.functionName : where, delta);
    add(byFunction, `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`, delta);
  });
  const table = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.top ?? 15)
      .map(
        ([key, micros]) =>
          `  ${(micros / 1000).toFixed(0).padStart(6)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${key}`,
      )
      .join('\n');
  return `self time by module (of ${(total / 1000).toFixed(0)} ms sampled):\n${table(byModule)}\nself time by function:\n${table(byFunction)}`;
}

/** A package name, our own folder (src/messaging, …), node's internals, or the VM's. */
function codeUnit(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node:internal';
  const own = /\/(src|bench|migrations|test)\/(?:([^/]+)\/)?[^/]*(?:\/[^/]*)*$/.exec(url);
  return own ? `${own[1]}/${own[2] ?? ''}`.replace(/\/$/, '') : url;
}
