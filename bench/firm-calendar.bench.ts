import { randomInt, randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { insertEvents, type EventRowPlan } from '../test/factories/case-events.factory.js';
import {
  freshDatabases,
  getRetried as get,
  ms,
  percentile,
  postJson,
  startApp,
  startFloor,
  type BenchDatabase,
} from './bench-support.js';

const SPAN_START = Date.UTC(2025, 0, 1);
const SPAN_MS = 5 * 365 * 86_400_000;
const QUARTER_HOUR = 15 * 60_000;

interface Target {
  name: string;
  url: () => string;
  headers: Record<string, string>;
}

/**
 * GET /events on a firm of `events` events (100 cases, 20 staff), limit=100, each request starting at
 * a random `from`: the whole firm, and mine=true for three callers (a typical one on ~12 % of the
 * events, a newcomer on 0.2 %, one on half of them), beside a case's timeline page and the bare-Nest
 * floor, alternated request by request. Then the plans the databases chose for the page queries.
 */
export async function firmCalendarBench(events = 50_000, rounds = 300): Promise<void> {
  console.log(
    `\n## Firm calendar: GET /events?limit=100 on a firm of ${events.toLocaleString('en-US')} events, ${rounds} sequential requests per target, alternated`,
  );
  for (const db of await freshDatabases()) {
    try {
      await benchOne(db, events, rounds);
    } finally {
      await db.drop();
    }
  }
}

async function benchOne(db: BenchDatabase, events: number, rounds: number): Promise<void> {
  const { app, url } = await startApp({ DATABASE_URL: db.url, APP_URL: 'http://bench.test' });
  let floor: Awaited<ReturnType<typeof startFloor>> | null = null;
  try {
    const signup = await postJson(`${url}/api/v1/auth/signup`, {
      firmName: 'Bench',
      name: 'Bea Bench',
      email: `cal-${randomUUID()}@example.test`,
      password: 'bench-password-123',
    });
    const owner = signup.json.user as { id: string; firmId: string };
    const ownerHeaders = { authorization: `Bearer ${signup.json.accessToken as string}` };
    const member = async (name: string) => {
      const email = `${name}-${randomUUID()}@example.test`;
      const user = await postJson(
        `${url}/api/v1/users`,
        { name, email, password: 'bench-password-123', permissions: [] },
        ownerHeaders,
      );
      const login = await postJson(`${url}/api/v1/auth/login`, { email, password: 'bench-password-123' });
      return { id: user.json.id as string, headers: { authorization: `Bearer ${login.json.accessToken as string}` } };
    };
    const newcomer = await member('newcomer');
    const busy = await member('busy');
    const client = await postJson(`${url}/api/v1/clients`, { firstName: 'C', lastName: 'L' }, ownerHeaders);
    const caseIds: string[] = [];
    for (let i = 0; i < 100; i++)
      caseIds.push(
        (await postJson(`${url}/api/v1/cases`, { title: `Matter ${i}`, clientIds: [client.json.id] }, ownerHeaders))
          .json.id as string,
      );

    // 18 colleagues who never call; the owner and the busy member are among the 20 authors and staff.
    const staff = [owner.id, busy.id, ...Array.from({ length: 18 }, () => randomUUID())];
    const plans: EventRowPlan[] = Array.from({ length: events }, (_, i) => {
      const onStaff = new Set([
        staff[randomInt(staff.length)]!,
        ...(randomInt(2) ? [staff[randomInt(staff.length)]!] : []),
      ]);
      if (i % 2 === 0) onStaff.add(busy.id);
      if (i % 500 === 0) onStaff.add(newcomer.id);
      return {
        firmId: owner.firmId,
        caseId: caseIds[i % caseIds.length]!,
        createdBy: staff[randomInt(staff.length)]!,
        // Quarter-hour slots over five years: many events share a start, as real calendars do.
        startsAt: new Date(SPAN_START + randomInt(SPAN_MS / QUARTER_HOUR) * QUARTER_HOUR),
        staffIds: [...onStaff],
        status: i % 25 === 0 ? 'cancelled' : 'scheduled',
      };
    });
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const seedStart = performance.now();
    await insertEvents(dataSource, plans, 1000);
    if (db.kind === 'mysql') await dataSource.query('ANALYZE TABLE case_events, case_event_staff');
    const ownersShare = plans.filter((p) => p.createdBy === owner.id || p.staffIds?.includes(owner.id)).length / events;
    console.log(
      `${db.kind}  seeded ${events} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; the owner is on or created ${(ownersShare * 100).toFixed(1)} %`,
    );

    const from = () => encodeURIComponent(new Date(SPAN_START + randomInt(SPAN_MS / 60_000) * 60_000).toISOString());
    const calendar = (query: string) => () => `${url}/api/v1/events?limit=100&from=${from()}${query}`;
    const targets: Target[] = [
      { name: 'GET /events (whole firm)', url: calendar(''), headers: ownerHeaders },
      { name: 'GET /events?mine=true, owner (~12 %)', url: calendar('&mine=true'), headers: ownerHeaders },
      { name: 'GET /events?mine=true, newcomer (0.2 %)', url: calendar('&mine=true'), headers: newcomer.headers },
      { name: 'GET /events?mine=true, busy member (50 %)', url: calendar('&mine=true'), headers: busy.headers },
      {
        name: 'GET /cases/:id/events (timeline, 500 events)',
        url: () => `${url}/api/v1/cases/${caseIds[0]!}/events?limit=100&from=${from()}`,
        headers: ownerHeaders,
      },
    ];
    // The floor answers the same JSON as a calendar page, through the same framework.
    const page = await startFloor(await (await get(targets[0]!.url(), ownerHeaders)).json());
    floor = page;
    targets.push({ name: 'bare Nest route, a 100-event page from memory (floor)', url: () => page.url, headers: {} });

    const samples = targets.map(() => [] as number[]);
    for (let round = -20; round < rounds; round++) {
      for (const [i, target] of targets.entries()) {
        const t0 = performance.now();
        const res = await get(target.url(), target.headers);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${target.name}: ${res.status}`);
        // The first rounds warm the JIT, the pool and the database's caches.
        if (round >= 0) samples[i]!.push(performance.now() - t0);
      }
    }
    const floorP50 = percentile(samples[samples.length - 1]!, 50);
    for (const [i, target] of targets.entries()) {
      const p50 = percentile(samples[i]!, 50);
      console.log(
        `${db.kind}  ${target.name}: p50 ${ms(p50)} p99 ${ms(percentile(samples[i]!, 99))} (p50 ${(p50 / floorP50).toFixed(1)} x the floor's)`,
      );
    }
    await explainPageQueries(db, dataSource, url, targets.slice(0, 4));
  } finally {
    await floor?.close();
    await app.close();
  }
}

/** The page queries one request of each target sends, as the database plans them. */
async function explainPageQueries(
  db: BenchDatabase,
  dataSource: DataSource,
  url: string,
  targets: Target[],
): Promise<void> {
  const manager = dataSource.manager;
  const original = manager.query.bind(manager);
  for (const target of targets) {
    const sent: Array<[string, unknown[] | undefined]> = [];
    manager.query = ((sql: string, parameters?: unknown[]) => {
      sent.push([sql, parameters]);
      return original(sql, parameters);
    }) as typeof manager.query;
    await (await get(target.url(), target.headers)).arrayBuffer();
    manager.query = original;
    for (const [sql, parameters] of sent.filter(([sql]) => sql.includes('case_events'))) {
      console.log(
        `${db.kind}  plan of ${target.name}:\n    ${sql.replace(/\s+/g, ' ').slice(0, 400)}${sql.length > 400 ? '…' : ''}`,
      );
      const plan = (await original(
        `${db.kind === 'mysql' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${sql}`,
        parameters,
      )) as Array<Record<string, unknown>>;
      for (const row of plan) {
        console.log(
          db.kind === 'mysql'
            ? `    | ${row.id} | ${String(row.select_type)} | ${String(row.table)} | ${String(row.type)} | ${String(row.key)} | ${String(row.rows)} | ${String(row.Extra ?? '')} |`
            : `    ${String(row.detail)}`,
        );
      }
    }
  }
}
