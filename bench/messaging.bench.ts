import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ConfigService } from '@nestjs/config';
import { createConnection, type Connection } from 'mysql2/promise';
import { APP_ENV, AppConfig } from '../src/config/app-config.js';
import { validateEnv } from '../src/config/env.schema.js';
import { DeliveryWorker } from '../src/reminders/delivery-worker.service.js';
import { buildMergeValues } from '../src/messaging/merge-fields.js';
import { MessageRenderer, type MessageDraft } from '../src/messaging/message-renderer.service.js';
import { RenderQueue } from '../src/messaging/render-queue.js';
import { TemplateEngine } from '../src/messaging/template-engine.js';
import { SmsSender } from '../src/messaging/transports/sms.sender.js';
import { SmsEmulator } from '../test/emulators/sms-emulator.js';
import { SmtpSink } from '../test/emulators/smtp-sink.js';
import { freshDatabases, ms, percentile, postJson, startApp } from './bench-support.js';
import { EMAIL_BODY, EMAIL_SUBJECT, seedDeliveries } from './reminder-seed.js';

const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
const WORKER_JS = fileURLToPath(new URL('../src/worker.js', import.meta.url));
const SMS_BODY =
  'Hi {{ client_first_name }}, {{ event_title }} is on {{ event_date }} at {{ event_time }} {{ event_timezone }}. Join: {{ video_link }}';

/** Email throughput of the worker processes on MySQL, template renders per second, and the SMS transport's overhead. */
export async function messagingBench(deliveries = 10_000): Promise<void> {
  console.log(
    `\n## Messaging (2 cores shared with MariaDB, the SMTP sink and the bench itself; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  await throughputBench(deliveries);
  await renderBench();
  await smsOverheadBench();
}

async function throughputBench(total: number): Promise<void> {
  const mysql = (await freshDatabases()).find((db) => db.kind === 'mysql');
  if (!mysql) {
    console.log('worker throughput: skipped (needs MySQL)');
    return;
  }
  const sink = new SmtpSink();
  await sink.start();
  await seedDeliveries(mysql.url, total, 'msg');
  const db = await createConnection(mysql.url);
  try {
    // Alternated, twice each, because the machine's other load comes and goes.
    const one: number[] = [];
    const two: number[] = [];
    for (let round = 0; round < 2; round++) {
      one.push(await sendAll(db, sink, mysql.url, 1, total));
      two.push(await sendAll(db, sink, mysql.url, 2, total));
    }
    const best = (xs: number[]) => Math.max(...xs);
    const all = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(
      `mysql  ${total} due emails to a local SMTP sink, worker processes: 1 worker ${best(one).toFixed(0)} msg/s (runs: ${all(one)}), 2 workers ${best(two).toFixed(0)} msg/s (runs: ${all(two)}), x${(best(two) / best(one)).toFixed(2)}`,
    );
  } finally {
    await db.end();
    await sink.stop();
    await mysql.drop();
  }
}

/** Starts `workers` polling processes, makes every delivery due at once, and times until the last is sent. */
async function sendAll(
  db: Connection,
  sink: SmtpSink,
  databaseUrl: string,
  workers: number,
  total: number,
): Promise<number> {
  sink.reset();
  await db.query(
    "UPDATE deliveries SET status = 'scheduled', sentAt = NULL, attempts = 0, providerId = NULL, leaseOwner = NULL, leaseUntil = NULL, lastError = NULL, dueAt = NOW(3) + INTERVAL 1 DAY",
  );
  const processes = Array.from({ length: workers }, () => startWorker(databaseUrl, sink.url));
  await Promise.all(processes.map((p) => p.ready));
  for (const p of processes) p.cpuAtReady = cpuSecondsOf(p.child.pid);
  const dbPid = mariadbPid();
  const cpuFrom = { wall: Date.now(), bench: process.cpuUsage(), dbPid, db: cpuSecondsOf(dbPid) };
  const [[{ due }]] = (await db.query('SELECT NOW(3) AS due')) as unknown as [[{ due: Date }]];
  await db.query('UPDATE deliveries SET dueAt = ?', [due]);
  for (;;) {
    const [[{ sent }]] = (await db.query(
      "SELECT COUNT(*) AS sent FROM deliveries WHERE status = 'sent'",
    )) as unknown as [[{ sent: number }]];
    if (Number(sent) >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [[{ last }]] = (await db.query('SELECT MAX(sentAt) AS last FROM deliveries')) as unknown as [[{ last: Date }]];
  const seconds = (Date.now() - cpuFrom.wall) / 1000;
  const workerCpu = processes.reduce((sum, p) => sum + cpuSecondsOf(p.child.pid) - p.cpuAtReady, 0);
  const benchCpu = (process.cpuUsage(cpuFrom.bench).user + process.cpuUsage(cpuFrom.bench).system) / 1e6;
  const dbCpu = cpuSecondsOf(cpuFrom.dbPid) - cpuFrom.db;
  console.log(
    `       ${workers} worker(s): cores busy over the run: workers ${(workerCpu / seconds).toFixed(2)}, SMTP sink and bench ${(benchCpu / seconds).toFixed(2)}, MariaDB ${(dbCpu / seconds).toFixed(2)} (of 2)`,
  );
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  if (sink.messages.length !== total) throw new Error(`the sink got ${sink.messages.length} emails, expected ${total}`);
  return total / ((last.getTime() - due.getTime()) / 1000);
}

/** CPU seconds (user + system) a process has used so far, from /proc; 0 where that cannot be read. */
function cpuSecondsOf(pid: number | undefined): number {
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

function mariadbPid(): number | undefined {
  try {
    const pid = readdirSync('/proc').find(
      (entry) => /^\d+$/.test(entry) && /^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim()),
    );
    return pid === undefined ? undefined : Number(pid);
  } catch {
    return undefined;
  }
}

function startWorker(
  databaseUrl: string,
  smtpUrl: string,
): { child: ChildProcess; ready: Promise<void>; exited: Promise<void>; cpuAtReady: number } {
  const child = spawn(process.execPath, [WORKER_JS], {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEY,
      SMTP_URL: smtpUrl,
      WORKER_POLL_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Polling for due deliveries')) resolve();
      // Keep the pipe drained without holding every line.
      if (output.length > 100_000) output = output.slice(-1000);
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, ready, exited, cpuAtReady: 0 };
}

/** Renders per second of one template, with merge values ready: previews (with SMS segments) and the worker's path. */
export async function renderBench(n = 50_000): Promise<void> {
  const renderer = new MessageRenderer(new TemplateEngine(), new RenderQueue());
  const values = buildMergeValues({
    client: { firstName: 'Carla', lastName: 'Client', timezone: 'America/New_York' },
    firm: { name: 'Acme Law LLP', timezone: 'America/Chicago' },
    event: {
      title: 'Initial consultation',
      startsAt: new Date('2026-12-01T20:00:00Z'),
      timezone: 'America/New_York',
      location: null,
      videoLink: 'https://zoom.us/j/85746065432?pwd=abc',
    },
    caseTitle: 'Smith v. Jones',
  });
  const drafts: Array<[string, MessageDraft, { segments?: boolean }]> = [
    ['sms preview (with segment count)', { channel: 'sms', body: SMS_BODY }, {}],
    ['sms as the worker sends it', { channel: 'sms', body: SMS_BODY }, { segments: false }],
    ['email', { channel: 'email', subject: EMAIL_SUBJECT, body: EMAIL_BODY }, {}],
  ];
  for (const [name, draft, options] of drafts) {
    for (let i = 0; i < 2000; i++) await renderer.render(draft, values, options);
    const started = performance.now();
    for (let i = 0; i < n; i++) await renderer.render(draft, values, options);
    console.log(
      `render ${name} (MessageRenderer.render, ${n} in a row): ${(n / ((performance.now() - started) / 1000)).toFixed(0)} renders/s`,
    );
  }
}

/** The whole worker path for one due SMS on MySQL: claim, read, render, send, record. */
async function workerPassBench(smsEnv: Record<string, string>, directP50: number, n = 100): Promise<void> {
  const mysql = (await freshDatabases()).find((db) => db.kind === 'mysql');
  if (!mysql) return;
  const { app, url } = await startApp({ DATABASE_URL: mysql.url, ...smsEnv });
  try {
    const signup = await postJson(`${url}/api/v1/auth/signup`, {
      firmName: 'Bench LLP',
      name: 'B',
      email: `sms-${Date.now()}@example.test`,
      password: 'bench-password-123',
    });
    const headers = { authorization: `Bearer ${signup.json.accessToken as string}` };
    const client = await postJson(
      `${url}/api/v1/clients`,
      { firstName: 'Carla', lastName: 'Client', phone: '+14155550123', smsOptIn: true },
      headers,
    );
    const legalCase = await postJson(`${url}/api/v1/cases`, { title: 'Case', clientIds: [client.json.id] }, headers);
    const template = await postJson(
      `${url}/api/v1/messaging/templates`,
      { channel: 'sms', name: 'T', body: SMS_BODY },
      headers,
    );
    await postJson(
      `${url}/api/v1/messaging/reminder-rules`,
      { templateId: template.json.id, offsetMinutes: 60 },
      headers,
    );
    const worker = app.get(DeliveryWorker);
    const passes: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      await postJson(
        `${url}/api/v1/cases/${legalCase.json.id as string}/events`,
        {
          title: `Hearing ${i}`,
          startsAt: new Date(Date.now() + 1_800_000).toISOString(),
          timezone: 'America/New_York',
          sharedWithClients: true,
          videoLink: 'https://zoom.us/j/85746065432?pwd=bench',
        },
        headers,
      );
      const t0 = performance.now();
      const tally = await worker.runOnce();
      if (tally.sent !== 1) throw new Error(`expected one SMS sent, got ${JSON.stringify(tally)}`);
      if (i >= 10) passes.push(performance.now() - t0);
    }
    console.log(
      `sms    one due SMS through the whole worker pass (claim, read, render, send, record; MySQL): p50 ${ms(percentile(passes, 50))}, minus the direct POST: ${ms(percentile(passes, 50) - directP50)}`,
    );
  } finally {
    await app.close();
    await mysql.drop();
  }
}

async function smsOverheadBench(n = 500): Promise<void> {
  const emulator = new SmsEmulator();
  await emulator.start();
  try {
    const env = emulator.env();
    const config = new AppConfig(
      new ConfigService({ [APP_ENV]: validateEnv({ NODE_ENV: 'test', ENCRYPTION_KEY, ...env }) }),
    );
    const sender = new SmsSender(config);
    const url = `${env.SMS_API_BASE_URL}/2010-04-01/Accounts/${env.SMS_ACCOUNT_SID}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${env.SMS_ACCOUNT_SID}:${env.SMS_AUTH_TOKEN}`).toString('base64')}`;
    const body =
      'Hi Carla, Initial consultation is on Tuesday, December 1, 2026 at 3:00 PM EST. Join: https://zoom.us/j/85746065432';
    const direct: number[] = [];
    const through: number[] = [];
    for (let i = 0; i < n + 50; i++) {
      // Alternate, so both see the same machine load.
      let t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: '+14155550123', From: env.SMS_FROM as string, Body: body }).toString(),
      });
      await res.json();
      const d = performance.now() - t0;
      t0 = performance.now();
      await sender.send({ to: '+14155550123', body });
      const s = performance.now() - t0;
      if (i >= 50) {
        direct.push(d);
        through.push(s);
      }
    }
    const overhead = percentile(through, 50) - percentile(direct, 50);
    console.log(
      `sms    direct POST p50 ${ms(percentile(direct, 50))}, through SmsSender p50 ${ms(percentile(through, 50))} (p99 ${ms(percentile(through, 99))}): overhead p50 ${ms(overhead)}`,
    );
    await workerPassBench(env, percentile(direct, 50));
  } finally {
    await emulator.stop();
  }
}
