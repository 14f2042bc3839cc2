import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryWorker } from '../src/reminders/delivery-worker.service.js';
import { SmtpSink } from './emulators/smtp-sink.js';
import { SmsEmulator } from './emulators/sms-emulator.js';
import { createEvent, zoomLink, type EventBody } from './factories/case-events.factory.js';
import { createCase, signupFirm, type StaffMember } from './factories/identity.factory.js';
import { createTemplate } from './factories/messaging.factory.js';
import {
  createContactClient,
  createRule,
  deliveriesOf,
  inMinutes,
  waitFor,
  waitUntil,
  type DeliveryBody,
} from './factories/reminders.factory.js';
import { compiledApp } from './support/compiled.js';
import { TcpCut } from './support/tcp-cut.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { isMysqlRun, testDatabaseUrl } from './support/test-database.js';

const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once it polls for due deliveries. */
  ready: Promise<void>;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  output: () => string;
}

describe('The reminder worker: retries, and several worker processes (e2e)', () => {
  const sink = new SmtpSink();
  const sms = new SmsEmulator();
  let t: TestApp;
  let worker: DeliveryWorker;
  let databaseUrl: string;
  let workerJs: string;

  function spawnWorker(env: Record<string, string>): WorkerProcess {
    // Outside the repository, so a developer's .env cannot change what the test runs against.
    const child = spawn(process.execPath, [workerJs], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: databaseUrl,
        ENCRYPTION_KEY,
        WORKER_POLL_MS: '50',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let announce: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (announce = resolve));
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Polling for due deliveries')) announce();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    return { child, ready, exited, output: () => output };
  }

  /** A firm with one reminder rule on the channel, and `count` reachable clients on one case. */
  async function firmWithClients(channel: 'sms' | 'email', count: number, offsetMinutes = 60) {
    const staff = await signupFirm(t);
    const template = await createTemplate(t, staff, channel);
    await createRule(t, staff, template.id, offsetMinutes);
    const clients = [];
    for (let i = 0; i < count; i += 10) {
      clients.push(
        ...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => createContactClient(t, staff)))),
      );
    }
    return {
      staff,
      clients,
      legalCase: await createCase(
        t,
        staff,
        clients.map((c) => c.id),
      ),
    };
  }

  const sharedSoon = (staff: StaffMember, caseId: string, extra: Record<string, unknown> = {}) =>
    createEvent(t, staff, caseId, {
      startsAt: inMinutes(30),
      endsAt: inMinutes(90),
      sharedWithClients: true,
      ...extra,
    });

  const only = async (staff: StaffMember, eventId: string): Promise<DeliveryBody> => {
    const rows = await deliveriesOf(t, staff, eventId);
    expect(rows).toHaveLength(1);
    return rows[0] as DeliveryBody;
  };

  beforeAll(async () => {
    // The multi-process tests run the compiled worker, as `npm run worker` does; CI has no prior build.
    workerJs = join(await compiledApp(), 'src/worker.js');
    await Promise.all([sink.start(), sms.start()]);
    t = await createTestApp({ env: { SMTP_URL: sink.url, ...sms.env(), WORKER_RETRY_BASE_MS: '50' } });
    worker = t.app.get(DeliveryWorker);
    // On MySQL every spec file shares one database: send what earlier files left due (Zoom notices), so counts here are this file's own.
    await worker.runOnce();
    const sqliteFile = t.dataSource.options.database;
    databaseUrl = isMysqlRun() ? testDatabaseUrl() : `sqlite:${String(sqliteFile)}`;
  }, 240_000);

  beforeEach(() => {
    sink.reset();
    sms.reset();
  });

  afterAll(async () => {
    await t.close();
    await Promise.all([sink.stop(), sms.stop()]);
  });

  it('retries an SMS the provider refused with 500 once, later, and sends it once', async () => {
    const { staff, clients, legalCase } = await firmWithClients('sms', 1);
    const event = await sharedSoon(staff, legalCase.id);
    sms.failNext(1, 500);
    const before = Date.now();
    await expect(worker.runOnce()).resolves.toMatchObject({ retried: 1, sent: 0 });
    const retry = await only(staff, event.id);
    expect(retry).toMatchObject({
      status: 'scheduled',
      attempts: 1,
      sentAt: null,
      lastError: expect.stringContaining('500'),
    });
    expect(Date.parse(retry.dueAt)).toBeGreaterThanOrEqual(before + 50);

    await waitUntil(retry.dueAt);
    await expect(worker.runOnce()).resolves.toMatchObject({ sent: 1 });
    await expect(only(staff, event.id)).resolves.toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(sms.messages.filter((m) => m.to === clients[0]?.phone)).toHaveLength(1);
    expect(sms.requestCount).toBe(2);
  });

  it('fails an SMS after 5 attempts when the provider always fails, backing off 2^(n-1) x base, with the last error', async () => {
    const { staff, legalCase } = await firmWithClients('sms', 1);
    const event = await sharedSoon(staff, legalCase.id);
    sms.failNext(4, 500);
    sms.failNext(1, 503);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const before = Date.now();
      await worker.runOnce();
      const row = await only(staff, event.id);
      expect(row.attempts).toBe(attempt);
      if (attempt < 5) {
        expect(row.status).toBe('scheduled');
        expect(Date.parse(row.dueAt)).toBeGreaterThanOrEqual(before + 50 * 2 ** (attempt - 1));
        await waitUntil(row.dueAt);
      } else {
        expect(row).toMatchObject({ status: 'failed', sentAt: null, lastError: expect.stringContaining('503') });
      }
    }
    await expect(worker.runOnce()).resolves.toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(sms.requestCount).toBe(5);
    expect(sms.messages).toHaveLength(0);
  });

  it('fails a permanent refusal at once, and waits out a 429 Retry-After', async () => {
    const refused = await firmWithClients('sms', 1);
    const refusedEvent = await sharedSoon(refused.staff, refused.legalCase.id);
    sms.failNext(1, 400);
    await worker.runOnce();
    await expect(only(refused.staff, refusedEvent.id)).resolves.toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('400'),
    });

    const limited = await firmWithClients('sms', 1);
    const limitedEvent = await sharedSoon(limited.staff, limited.legalCase.id);
    sms.failNext(1, 429, { retryAfterSeconds: 1 });
    const before = Date.now();
    await worker.runOnce();
    const waiting = await only(limited.staff, limitedEvent.id);
    expect(Date.parse(waiting.dueAt)).toBeGreaterThanOrEqual(before + 1000);
    await waitUntil(waiting.dueAt);
    await worker.runOnce();
    await expect(only(limited.staff, limitedEvent.id)).resolves.toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('retries an email the server deferred (451) and fails one it refused (550) at once', async () => {
    const { staff, clients, legalCase } = await firmWithClients('email', 2);
    const event = await sharedSoon(staff, legalCase.id);
    sink.rejectNext(1, 451, 'Try again later');
    sink.rejectNext(1, 550, 'No such user here');
    await expect(worker.runOnce()).resolves.toMatchObject({ retried: 1, failed: 1 });
    const rows = await deliveriesOf(t, staff, event.id);
    const retry = rows.find((d) => d.status === 'scheduled') as DeliveryBody;
    expect(rows.find((d) => d.status === 'failed')).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining('550'),
    });
    await waitUntil(retry.dueAt);
    await worker.runOnce();
    await expect(deliveriesOf(t, staff, event.id)).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: retry.id, status: 'sent', attempts: 2 })]),
    );
    expect(sink.messages.map((m) => m.to[0])).toEqual([clients.find((c) => c.id === retry.clientId)?.email]);
  });

  it('a worker killed (SIGKILL) after claiming: another sends its deliveries after the lease, each once', async () => {
    const { staff, clients, legalCase } = await firmWithClients('email', 20);
    // An SMTP server that accepts connections and never answers: the first worker's sends hang.
    const held: Socket[] = [];
    const blackhole = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const first = spawnWorker({
      SMTP_URL: `smtp://127.0.0.1:${(blackhole.address() as AddressInfo).port}`,
      WORKER_LEASE_MS: '3000',
    });
    try {
      await first.ready;
      const link = zoomLink();
      const event = await sharedSoon(staff, legalCase.id, link);
      const leases = () =>
        t.dataSource.query('SELECT leaseOwner, status, attempts FROM deliveries WHERE eventId = ?', [
          event.id,
        ]) as Promise<Array<{ leaseOwner: string | null; status: string; attempts: number }>>;
      await waitFor('the first worker to claim all 20', async () => {
        const rows = await leases();
        return rows.length === 20 && rows.every((r) => r.leaseOwner !== null);
      });
      first.child.kill('SIGKILL');
      await expect(first.exited).resolves.toBe('SIGKILL');
      const stranded = await leases();
      expect(stranded.map((r) => [r.status, Number(r.attempts)])).toEqual(Array(20).fill(['scheduled', 0]));
      const deadOwners = new Set(stranded.map((r) => r.leaseOwner));

      const second = spawnWorker({ SMTP_URL: sink.url });
      await waitFor('the second worker to send all 20', async () =>
        (await deliveriesOf(t, staff, event.id)).every((d) => d.status === 'sent'),
      );
      second.child.kill('SIGTERM');
      await expect(second.exited).resolves.toBe(0);

      expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(clients.map((c) => c.email).sort());
      const sent = await leases();
      expect(sent.every((r) => r.leaseOwner !== null && !deadOwners.has(r.leaseOwner))).toBe(true);
      expect((await deliveriesOf(t, staff, event.id)).every((d) => d.attempts === 1)).toBe(true);
      for (const output of [first.output(), second.output()]) expect(output).not.toContain(link.videoLink);
    } finally {
      first.child.kill('SIGKILL');
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => blackhole.close(() => resolve()));
    }
  }, 120_000);

  if (isMysqlRun()) {
    it('a worker whose database goes away keeps running, and sends what fell due once the database is back, each once', async () => {
      const { staff, clients, legalCase } = await firmWithClients('email', 5);
      const { relay, url: throughRelay } = await TcpCut.inFront(databaseUrl);
      const w = spawnWorker({ SMTP_URL: sink.url, DATABASE_URL: throughRelay });
      try {
        await w.ready;
        await relay.cut();
        await waitFor('the worker to notice the database is gone', async () =>
          w.output().includes('The database is not answering'),
        );
        // Due while the worker cannot see the database.
        const event = await sharedSoon(staff, legalCase.id);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(w.child.exitCode).toBeNull();
        expect(sink.messages).toHaveLength(0);

        // Many polls failed meanwhile; the outage is logged once.
        expect(w.output().split('The database is not answering')).toHaveLength(2);

        await relay.restore();
        await waitFor('the worker to send all 5', async () =>
          (await deliveriesOf(t, staff, event.id)).every((d) => d.status === 'sent'),
        );
        expect(w.output()).toContain('The database answers again');
        w.child.kill('SIGTERM');
        await expect(w.exited).resolves.toBe(0);
        expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(clients.map((c) => c.email).sort());
        expect((await deliveriesOf(t, staff, event.id)).map((d) => d.attempts)).toEqual([1, 1, 1, 1, 1]);
      } finally {
        w.child.kill('SIGKILL');
        await relay.cut();
      }
    }, 120_000);

    it('two workers running at the same time send each of 500 due deliveries exactly once', async () => {
      const { staff, legalCase: firstCase, clients } = await firmWithClients('email', 100);
      const cases = [
        firstCase,
        ...(await Promise.all(
          Array.from({ length: 4 }, () =>
            createCase(
              t,
              staff,
              clients.map((c) => c.id),
            ),
          ),
        )),
      ];
      const workers = [spawnWorker({ SMTP_URL: sink.url }), spawnWorker({ SMTP_URL: sink.url })];
      try {
        await Promise.all(workers.map((w) => w.ready));
        // Both poll before anything is due: every event's 100 deliveries appear, due at once, while both run.
        const events: EventBody[] = [];
        for (const legalCase of cases) events.push(await sharedSoon(staff, legalCase.id));
        const sentCount = async () =>
          (await Promise.all(events.map((e) => deliveriesOf(t, staff, e.id)))).flat().filter((d) => d.status === 'sent')
            .length;
        await waitFor('500 sent', async () => (await sentCount()) === 500, 120_000, 250);
        for (const w of workers) w.child.kill('SIGTERM');
        await expect(Promise.all(workers.map((w) => w.exited))).resolves.toEqual([0, 0]);

        expect(sink.messages).toHaveLength(500);
        expect(new Set(sink.messages.map((m) => `${m.to[0]}|${m.subject}`)).size).toBe(500);
        const rows = (await Promise.all(events.map((e) => deliveriesOf(t, staff, e.id)))).flat();
        expect(rows.map((d) => [d.status, d.attempts])).toEqual(Array(500).fill(['sent', 1]));
      } finally {
        for (const w of workers) w.child.kill('SIGKILL');
      }
    }, 180_000);
  }
});
