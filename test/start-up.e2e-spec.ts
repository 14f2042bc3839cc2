import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../migrations/index.js';
import { compiledApp } from './support/compiled.js';
import { createEmptyDatabase, isMysqlRun } from './support/test-database.js';

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

interface LogLine {
  level: number;
  msg: string;
  context?: string;
  [field: string]: unknown;
}

const READY = /^Ready at /;

/** A port nothing listens on (the OS picks it, then it is let go). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const lines = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/**
 * `npm start` as a new user runs it: the built server, in a folder of its own (so its default
 * ./data/app.sqlite is new), with no environment but what is given.
 */
describe('Start-up: what a first run says (e2e, the built server)', () => {
  let mainJs: string;
  const running: ChildProcess[] = [];
  const folders: string[] = [];

  function start(env: Record<string, string>, cwd: string): Started {
    const child = spawn(process.execPath, [mainJs], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, stdout: () => out, stderr: () => err, exited };
  }

  /** Resolves with the start-up line, or fails with what the process said if it exits or takes too long. */
  async function ready(app: Started): Promise<LogLine> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const line = lines(app.stdout()).find((l) => READY.test(l.msg));
      if (line) return line;
      if (app.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no start-up line (exit ${app.child.exitCode}):\n${app.stdout()}\n${app.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop(app: Started): Promise<void> {
    app.child.kill('SIGTERM');
    await app.exited;
  }

  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mll-start-'));
    folders.push(dir);
    return dir;
  }

  beforeAll(async () => {
    mainJs = join(await compiledApp(), 'src/main.js');
  }, 120_000);

  afterAll(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('says in one line where it is, on which database, and what the migrations did; nothing else at info', async () => {
    const cwd = folder();
    const port = await freePort();
    const first = start({ PORT: String(port) }, cwd);
    const line = await ready(first);
    expect(line.msg).toBe(
      `Ready at http://localhost:${port} on SQLite data/app.sqlite (its encryption key: data/app.sqlite.key); ` +
        `migrations: ${migrations.length} applied (${migrations.length} on this start)`,
    );
    expect(line).toMatchObject({
      level: 30,
      url: `http://localhost:${port}`,
      port,
      database: 'sqlite',
      migrations: { applied: migrations.length, appliedOnThisStart: migrations.length },
    });
    // The start's only line at info or above: no route mapping, no module list, no "successfully started".
    expect(lines(first.stdout()).filter((l) => l.level >= 30)).toEqual([line]);
    expect(first.stdout()).not.toContain('successfully started');
    expect(first.stderr()).toBe('');
    expect(statSync(join(cwd, 'data/app.sqlite.key')).mode & 0o777).toBe(0o600);
    await expect(fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status)).resolves.toBe(200);
    await stop(first);

    const again = start({ PORT: String(port) }, cwd);
    expect((await ready(again)).msg).toMatch(
      new RegExp(`; migrations: ${migrations.length} applied \\(none on this start\\)$`),
    );
    await stop(again);
  });

  it('sends Zoom back to the port it listens on when APP_URL is unset (APP_URL follows PORT)', async () => {
    const port = await freePort();
    const app = start(
      { PORT: String(port), ZOOM_CLIENT_ID: 'start-up-client', ZOOM_CLIENT_SECRET: 'start-up-secret' },
      folder(),
    );
    await ready(app);
    const base = `http://127.0.0.1:${port}/api/v1`;
    const signup = await fetch(`${base}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firmName: 'Port Firm',
        name: 'Pat',
        email: 'pat@example.com',
        password: 'a long enough password',
      }),
    });
    expect(signup.status).toBe(201);
    const { accessToken } = (await signup.json()) as { accessToken: string };
    const connect = await fetch(`${base}/integrations/zoom/connect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(connect.status).toBe(200);
    const { authorizeUrl } = (await connect.json()) as { authorizeUrl: string };
    expect(new URL(authorizeUrl).searchParams.get('redirect_uri')).toBe(
      `http://localhost:${port}/api/v1/integrations/zoom/callback`,
    );
    await stop(app);
  });

  it('names a MySQL or MariaDB database by server and place, never by its credentials', async () => {
    if (!isMysqlRun()) return;
    const empty = await createEmptyDatabase();
    try {
      const port = await freePort();
      const url = new URL(empty.url);
      const app = start(
        { PORT: String(port), DATABASE_URL: empty.url, ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') },
        folder(),
      );
      const line = await ready(app);
      expect(line.msg).toMatch(
        new RegExp(
          `^Ready at http://localhost:${port} on (MySQL|MariaDB) [\\d.]+ at ${url.hostname}:${url.port || 3306}${url.pathname}; ` +
            `migrations: ${migrations.length} applied \\(${migrations.length} on this start\\)$`,
        ),
      );
      if (url.password) expect(app.stdout()).not.toContain(decodeURIComponent(url.password));
      await stop(app);
    } finally {
      await empty.drop();
    }
  });

  it('refuses a port in use with one clear line and a non-zero exit, never "successfully started"', async () => {
    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    try {
      const app = start({ PORT: String(port) }, folder());
      expect(await app.exited).not.toBe(0);
      expect(app.stderr().trim().split('\n')).toEqual([
        `Startup failed: port ${port} is in use by another process: stop it, or set PORT to a free port`,
      ]);
      expect(app.stdout()).not.toContain('successfully started');
      expect(lines(app.stdout()).filter((l) => l.level >= 30)).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
