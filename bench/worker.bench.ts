import { spawn, type ChildProcess } from 'node:child_process';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { APP_ENV, AppConfig } from '../src/config/app-config.js';
import { validateEnv } from '../src/config/env.schema.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { SmsSender } from '../src/messaging/transports/sms.sender.js';
import { Delivery } from '../src/reminders/delivery.entity.js';
import { SmtpSink } from '../test/emulators/smtp-sink.js';
import {
  cpuSecondsOf,
  freshDatabases,
  median,
  monotonicMicros,
  summarizeCpuProfile,
  type BenchDatabase,
} from './bench-support.js';
import { seedDeliveries } from './reminder-seed.js';

const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
const WORKER_JS = fileURLToPath(new URL('../src/worker.js', import.meta.url));
const SMS_EMULATOR_URL = new URL('../test/emulators/sms-emulator.js', import.meta.url);
/** Where the floors' `node -e` run: the repository (`npm run bench` runs there), for its node_modules. */
const ROOT = process.cwd();
/** What a rendered reminder looks like to the SMTP floor: the same size as the worker's. */
const FLOOR_HTML =
  '<p>Dear Client1 Bench,</p><p>Hearing 1 (Case 1) starts Wednesday, December 9, 2026 at 9:00 AM EST.</p><p><a href="https://zoom.us/j/85746061001?pwd=bench">Join</a></p><p>Bench LLP</p>';

/**
 * The reminder worker's start and its cost per message, each against a floor in the same run:
 *
 * - start: from spawn() to the first email reaching the SMTP sink, one worker alone and two started
 *   together (each with a sink of its own, so each one's first message is seen), beside a bare
 *   `node -e` and an empty Nest application context started the same way;
 * - throughput: every one of `total` deliveries due at once, one worker and two, messages/s and the
 *   workers' CPU time (/proc) per message sent, beside the floor: a process that sends the same number
 *   of emails of the same size to the same sink with nodemailer's pool alone (no database, no render).
 *
 * Turns alternate (floor, one, two, …), because the machine's other load comes and goes.
 * WORKER_BENCH_PROFILE=1 adds a CPU profile of one worker's sending and prints where its time goes;
 * WORKER_BENCH_DB=sqlite|mysql runs one database, WORKER_BENCH_SKIP=start,throughput,sms leaves parts out,
 * WORKER_BENCH_TOTAL, WORKER_BENCH_ROUNDS and WORKER_BENCH_START_ROUNDS change the sizes, and
 * WORKER_BENCH_NODE_ARGS adds node options to every worker (a --require that counts queries, say).
 */
export async function workerBench(total = Number(process.env.WORKER_BENCH_TOTAL ?? 4000)): Promise<void> {
  console.log(
    `\n## Worker: start to first message, messages/s and CPU per message (load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  const kinds = process.env.WORKER_BENCH_DB?.split(',');
  const skip = new Set(process.env.WORKER_BENCH_SKIP?.split(',') ?? []);
  for (const db of await freshDatabases()) {
    if (kinds && !kinds.includes(db.kind)) {
      await db.drop();
      continue;
    }
    const sinks = [new SmtpSink(), new SmtpSink()];
    for (const sink of sinks) await sink.start();
    const arrivals = sinks.map(arrivalTimes);
    let ds: DataSource | null = null;
    try {
      await seedDeliveries(db.url, total, 'worker');
      ds = await new DataSource(dataSourceOptions(db.url)).initialize();
      if (!skip.has('start')) await startBench(db, ds, sinks, arrivals);
      if (!skip.has('throughput')) await throughputBench(db, ds, sinks[0] as SmtpSink, arrivals[0] as Arrivals, total);
      if (process.env.WORKER_BENCH_PROFILE)
        await profileRun(db, ds, sinks[0] as SmtpSink, arrivals[0] as Arrivals, total);
    } finally {
      await ds?.destroy();
      for (const sink of sinks) await sink.stop();
      await db.drop();
    }
  }
  if (!skip.has('sms')) await smsTransportBench();
}

interface Arrivals {
  /** performance.now() of each email the sink accepted since the last reset. */
  times: number[];
  reset: () => void;
}

/** The sink keeps messages; this also notes when each one arrived. */
function arrivalTimes(sink: SmtpSink): Arrivals {
  const times: number[] = [];
  const push = sink.messages.push.bind(sink.messages);
  sink.messages.push = (...items) => {
    for (let i = 0; i < items.length; i++) times.push(performance.now());
    return push(...items);
  };
  return {
    times,
    reset: () => {
      times.length = 0;
      sink.reset();
    },
  };
}

/** Every delivery back to scheduled and unclaimed, due at `dueAt`. */
async function resetDeliveries(ds: DataSource, dueAt: Date): Promise<number> {
  const result = await ds
    .createQueryBuilder()
    .update(Delivery)
    .set({
      status: 'scheduled',
      sentAt: null,
      attempts: 0,
      providerId: null,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      dueAt,
    })
    .execute();
  return result.affected ?? (await ds.getRepository(Delivery).count());
}

async function makeDue(ds: DataSource, at: Date): Promise<void> {
  await ds.createQueryBuilder().update(Delivery).set({ dueAt: at }).execute();
}

interface WorkerProcess {
  child: ChildProcess;
  started: number;
  /** Resolves once it logs that it polls. */
  ready: Promise<number>;
  exited: Promise<void>;
}

function startWorker(db: BenchDatabase, smtpUrl: string, nodeArgs: string[] = []): WorkerProcess {
  const started = performance.now();
  const extra = process.env.WORKER_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, ...nodeArgs, WORKER_JS], {
    // Outside the repository, so a .env there changes nothing.
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      ENCRYPTION_KEY,
      SMTP_URL: smtpUrl,
      WORKER_POLL_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = new Promise<number>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Polling for due deliveries')) resolve(performance.now());
      // Keep the pipe drained without holding every line.
      if (output.length > 100_000) output = output.slice(-1000);
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, started, ready, exited };
}

async function stopAll(workers: WorkerProcess[]): Promise<void> {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

/** Resolves with performance.now() of the first arrival after `from`, or rejects after `timeoutMs`. */
async function firstArrival(arrivals: Arrivals, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (arrivals.times.length === 0) {
    if (performance.now() > deadline) throw new Error('no email arrived');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return arrivals.times[0] as number;
}

/** Spawned, to exit (or to `marker` on stdout): how long a bare process of this kind takes to start. */
function timeProcess(args: string[], count: number): Promise<number[]> {
  const started = performance.now();
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
          child.once('exit', (code) =>
            code === 0 ? resolve(performance.now() - started) : reject(new Error(`floor exited ${code}`)),
          );
        }),
    ),
  );
}

const EMPTY_NEST = [
  '--input-type=module',
  '-e',
  "import 'reflect-metadata'; import { Module } from '@nestjs/common'; import { NestFactory } from '@nestjs/core';" +
    ' class Empty {} Module({})(Empty);' +
    ' const app = await NestFactory.createApplicationContext(Empty, { logger: false }); await app.close();',
];

async function startBench(db: BenchDatabase, ds: DataSource, sinks: SmtpSink[], arrivals: Arrivals[]): Promise<void> {
  const rounds = Number(process.env.WORKER_BENCH_START_ROUNDS ?? 5);
  const bare: number[] = [];
  const bareTwo: number[] = [];
  const nest: number[] = [];
  const nestTwo: number[] = [];
  const one: number[] = [];
  const oneReady: number[] = [];
  const two: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(...(await timeProcess(['-e', '0'], 1)));
    bareTwo.push(Math.max(...(await timeProcess(['-e', '0'], 2))));
    nest.push(...(await timeProcess(EMPTY_NEST, 1)));
    nestTwo.push(Math.max(...(await timeProcess(EMPTY_NEST, 2))));
    for (const count of [1, 2]) {
      await resetDeliveries(ds, new Date(Date.now() - 1000));
      for (const a of arrivals) a.reset();
      const workers = Array.from({ length: count }, (_, i) => startWorker(db, (sinks[i] as SmtpSink).url));
      try {
        const firsts = await Promise.all(
          workers.map(async (w, i) => (await firstArrival(arrivals[i] as Arrivals)) - w.started),
        );
        if (count === 1) {
          one.push(firsts[0] as number);
          oneReady.push((await (workers[0] as WorkerProcess).ready) - (workers[0] as WorkerProcess).started);
        } else two.push(Math.max(...firsts));
      } finally {
        await stopAll(workers);
      }
    }
  }
  const show = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (max ${Math.max(...xs).toFixed(0)})`;
  console.log(`${db.kind.padEnd(6)} start, ${rounds} alternating rounds, spawn() to:`);
  console.log(`         exit of a bare \`node -e 0\`: one ${show(bare)}; two at once, the later ${show(bareTwo)}`);
  console.log(
    `         exit of an empty Nest application context: one ${show(nest)}; two at once, the later ${show(nestTwo)}`,
  );
  console.log(
    `         the worker's first email at the sink: one ${show(one)} (its "Polling" line ${show(oneReady)}); two at once, each its own sink, the later ${show(two)}`,
  );
  console.log(
    `         worker ÷ empty Nest, medians: one ${(median(one) / median(nest)).toFixed(2)}, two ${(median(two) / median(nestTwo)).toFixed(2)}; two ÷ one: ${(median(two) / median(one)).toFixed(2)}`,
  );
}

interface RunFigures {
  perSecond: number;
  cpuMsPerMessage: number;
}

interface WorkerRun extends RunFigures {
  /** When the deliveries fell due, on the CPU profile's clock. */
  dueMicros: number;
}

/** `count` worker processes polling; every delivery falls due at once; timed to the last email at the sink. */
async function sendAll(
  db: BenchDatabase,
  ds: DataSource,
  sink: SmtpSink,
  arrivals: Arrivals,
  count: number,
  total: number,
  nodeArgs: string[] = [],
): Promise<WorkerRun> {
  const rows = await resetDeliveries(ds, new Date(Date.now() + 86_400_000));
  if (rows !== total) throw new Error(`expected ${total} deliveries, found ${rows}`);
  arrivals.reset();
  const workers = Array.from({ length: count }, () => startWorker(db, sink.url, nodeArgs));
  try {
    await Promise.all(workers.map((w) => w.ready));
    // Let the first polls settle, so start-up is not counted as sending.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cpuFrom = workers.map((w) => cpuSecondsOf(w.child.pid));
    const due = performance.now();
    const dueMicros = monotonicMicros();
    await makeDue(ds, new Date(Date.now() - 1000));
    const deadline = due + 120_000;
    let checked = due;
    while (arrivals.times.length < total) {
      // A delivery that failed (a render stopped by its time limit on a loaded machine, say) never arrives.
      if (performance.now() - checked > 250) {
        checked = performance.now();
        if ((await ds.getRepository(Delivery).countBy({ status: 'scheduled' })) === 0) break;
      }
      if (performance.now() > deadline) {
        const states = (await ds.query(
          'SELECT status, attempts, lastError, COUNT(*) AS n FROM deliveries GROUP BY status, attempts, lastError',
        )) as unknown[];
        throw new Error(`only ${arrivals.times.length} of ${total} emails arrived: ${JSON.stringify(states)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const sent = arrivals.times.length;
    if (sent < total) console.log(`         (${total - sent} of ${total} not sent: failed, see lastError)`);
    const seconds = ((arrivals.times[sent - 1] as number) - due) / 1000;
    const cpu = workers.reduce((sum, w, i) => sum + cpuSecondsOf(w.child.pid) - (cpuFrom[i] as number), 0);
    await stopAll(workers);
    if (sink.messages.length !== sent) throw new Error(`${sink.messages.length - sent} emails arrived after the run`);
    return { perSecond: sent / seconds, cpuMsPerMessage: (cpu * 1000) / sent, dueMicros };
  } finally {
    await stopAll(workers);
  }
}

/** The floor: the same number of emails of the same size, to the same sink, by nodemailer's pool alone. */
function floorSend(sinkUrl: string, total: number): Promise<RunFigures> {
  const script = `
    import nodemailer from 'nodemailer';
    const transport = nodemailer.createTransport({ url: ${JSON.stringify(sinkUrl)}, pool: true, maxConnections: 5 });
    await transport.sendMail({ from: 'reminders@example.test', to: 'warm@example.test', subject: 'warm', html: 'warm' });
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < ${total}) {
        const i = next++;
        await transport.sendMail({ from: 'reminders@example.test', to: 'client-' + (i % 100) + '@example.test',
          subject: 'Reminder: Hearing 1 on Wednesday, December 9, 2026', html: ${JSON.stringify(FLOOR_HTML)} });
      }
    }));
    const used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 }));
    transport.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the floor exited ${code}`));
      const { ms, cpuMs } = JSON.parse(out) as { ms: number; cpuMs: number };
      resolve({ perSecond: total / (ms / 1000), cpuMsPerMessage: cpuMs / total });
    });
  });
}

async function throughputBench(
  db: BenchDatabase,
  ds: DataSource,
  sink: SmtpSink,
  arrivals: Arrivals,
  total: number,
): Promise<void> {
  const rounds = Number(process.env.WORKER_BENCH_ROUNDS ?? 3);
  const floor: RunFigures[] = [];
  const one: RunFigures[] = [];
  const two: RunFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    arrivals.reset();
    floor.push(await floorSend(sink.url, total));
    one.push(await sendAll(db, ds, sink, arrivals, 1, total));
    two.push(await sendAll(db, ds, sink, arrivals, 2, total));
  }
  const show = (runs: RunFigures[]) =>
    `${median(runs.map((r) => r.perSecond)).toFixed(0)} msg/s, ${median(runs.map((r) => r.cpuMsPerMessage)).toFixed(3)} CPU ms/message (runs: ${runs
      .map((r) => `${r.perSecond.toFixed(0)}/${r.cpuMsPerMessage.toFixed(3)}`)
      .join(', ')})`;
  console.log(`${db.kind.padEnd(6)} ${total} due emails to a local SMTP sink, ${rounds} alternating rounds, medians:`);
  console.log(`         floor (nodemailer's pool alone, same sink): ${show(floor)}`);
  console.log(`         one worker: ${show(one)}`);
  console.log(`         two workers: ${show(two)}`);
  const f = median(floor.map((r) => r.cpuMsPerMessage));
  const o = median(one.map((r) => r.cpuMsPerMessage));
  console.log(
    `         one worker's CPU per message is ${(o / f).toFixed(2)} × the floor's (${(o - f).toFixed(3)} ms above it); two workers send ${(median(two.map((r) => r.perSecond)) / median(one.map((r) => r.perSecond))).toFixed(2)} × one`,
  );
}

/** One more one-worker run with --cpu-prof: self time of its sending, by module and by function. */
async function profileRun(
  db: BenchDatabase,
  ds: DataSource,
  sink: SmtpSink,
  arrivals: Arrivals,
  total: number,
): Promise<void> {
  // WORKER_BENCH_PROFILE=<a directory> keeps the profiles there; =1 prints the summary and deletes them.
  const keep = process.env.WORKER_BENCH_PROFILE !== '1';
  const dir = keep
    ? mkdtempSync(join(process.env.WORKER_BENCH_PROFILE as string, `${db.kind}-`))
    : mkdtempSync(join(tmpdir(), 'worker-prof-'));
  try {
    const run = await sendAll(db, ds, sink, arrivals, 1, total, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--cpu-prof-interval=250',
    ]);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile written');
    console.log(
      `${db.kind.padEnd(6)} CPU profile of one worker sending ${total} emails (${run.perSecond.toFixed(0)} msg/s, ${run.cpuMsPerMessage.toFixed(3)} CPU ms/message with the profiler on), from the moment they fell due:`,
    );
    console.log(summarizeCpuProfile(join(dir, file), { fromMicros: run.dueMicros, top: 15 }));
  } finally {
    if (keep) console.log(`         (profile kept in ${dir})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The SMS transport's own CPU per request, measured in this process against the SMS emulator in a
 * process of its own: SmsSender beside a bare fetch and a bare node:http keep-alive POST of the same
 * request, 16 at a time, alternating.
 */
async function smsTransportBench(n = 2000, rounds = 3): Promise<void> {
  const emulator = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { SmsEmulator } = await import(${JSON.stringify(pathToFileURL(fileURLToPath(SMS_EMULATOR_URL)).href)});
       const emulator = new SmsEmulator(); await emulator.start();
       process.stdout.write(JSON.stringify(emulator.env()) + '\\n');
       setInterval(() => emulator.reset(), 1000);`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const env = await new Promise<Record<string, string>>((resolve) => {
      let out = '';
      emulator.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] as string) as Record<string, string>);
      });
    });
    const config = new AppConfig(
      new ConfigService({ [APP_ENV]: validateEnv({ NODE_ENV: 'test', ENCRYPTION_KEY, ...env }) }),
    );
    const sender = new SmsSender(config);
    const url = `${env.SMS_API_BASE_URL}/2010-04-01/Accounts/${env.SMS_ACCOUNT_SID}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${env.SMS_ACCOUNT_SID}:${env.SMS_AUTH_TOKEN}`).toString('base64')}`;
    const text =
      'Hi Carla, Initial consultation is on Tuesday, December 1, 2026 at 3:00 PM EST. Join: https://zoom.us/j/85746065432';
    const form = () => new URLSearchParams({ To: '+14155550123', From: env.SMS_FROM as string, Body: text }).toString();
    const headers = { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
    const ways: Array<[string, () => Promise<unknown>]> = [
      ['SmsSender', () => sender.send({ to: '+14155550123', body: text })],
      ['bare fetch', async () => (await fetch(url, { method: 'POST', headers, body: form() })).json()],
      [
        'bare node:http, keep-alive',
        () =>
          new Promise((resolve, reject) => {
            const body = form();
            const req = httpRequest(
              url,
              { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
              (res) => {
                res.resume();
                res.on('end', resolve);
              },
            );
            req.on('error', reject);
            req.end(body);
          }),
      ],
    ];
    const cpu = new Map<string, number[]>(ways.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, send] of ways) {
        for (let i = 0; i < 100; i++) await send();
        const from = process.cpuUsage();
        let next = 0;
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next++ < n) await send();
          }),
        );
        const used = process.cpuUsage(from);
        cpu.get(name)?.push((used.user + used.system) / 1000 / n);
      }
    }
    agent.destroy();
    console.log(
      `sms    transport CPU per request, ${n} x ${rounds} alternating rounds, medians: ${[...cpu]
        .map(([name, xs]) => `${name} ${median(xs).toFixed(3)} ms (runs: ${xs.map((x) => x.toFixed(3)).join(', ')})`)
        .join('; ')}`,
    );
  } finally {
    emulator.kill();
  }
}
