import { randomInt, randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { encodeCursor } from '../src/common/http/pagination.js';
import { searchTextOf } from '../src/common/text/search-text.js';
import { Client, CLIENT_SEARCH_TEXT_LENGTH } from '../src/identity/entities/client.entity.js';
import { CASE_SEARCH_TEXT_LENGTH, CaseClient, LegalCase } from '../src/identity/entities/legal-case.entity.js';
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

const SPAN_START = Date.UTC(2021, 0, 1);
const SPAN_MS = 5 * 365 * 86_400_000;
const BATCH = 1000;

// Names as a US/European firm's clients have them: many accented, a few rare ones ("Zoë", 1 in 400).
const FIRST = [
  'Ana',
  'José',
  'María',
  'Chloé',
  'Renée',
  'François',
  'Søren',
  'Björn',
  'Anaïs',
  'Hélène',
  'Jürgen',
  'Łukasz',
  'Siobhán',
  'Noël',
  'Inés',
  'Ángel',
  'Dana',
  'Jean',
  'Daniel',
  'Hannah',
  'Oscar',
  'Emma',
  'Liam',
  'Olivia',
  'Lucas',
  'Sofía',
  'Mateo',
  'Camille',
  'Frédéric',
  'Joaquín',
  'Ryan',
  'Susan',
  'Robert',
  'Linda',
  'Michael',
  'Patricia',
  'Kevin',
  'Megan',
  'Brian',
  'Sarah',
];
const LAST = [
  'García',
  'Müller',
  'Núñez',
  "O'Brien",
  'Łukasiewicz',
  'Dubois',
  'Søndergaard',
  'Johansson',
  'Fernández',
  'Schröder',
  'Smith',
  'Johnson',
  'Brown',
  'Williams',
  'Jones',
  'Miller',
  'Davis',
  'Rodríguez',
  'Martínez',
  'Hernández',
  'López',
  'González',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Pérez',
  'Thompson',
  'White',
  'Harris',
  'Sánchez',
  'Clark',
  'Ramírez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Gómez',
  'Phillips',
  'Evans',
  'Turner',
  'Díaz',
  'Parker',
  'Cruz',
  'Edwards',
  'Collins',
  'Reyes',
  'Stewart',
  'Morris',
  'Morales',
  'Murphy',
  'Cook',
  'Rogers',
  'Gutiérrez',
  'Ortiz',
  'Morgan',
  'Cooper',
  'Peterson',
  'Bailey',
  'Reed',
  'Kelly',
];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'example.org'];
const MATTERS = [
  'Estate of',
  'Custody of',
  'Divorce:',
  'Immigration:',
  'Personal injury:',
  'Lease dispute:',
  'Employment claim:',
  'Guardianship of',
  'Probate:',
  'DUI defense:',
];
/** The client every "first last" target looks for: one named client of each firm, in the title of one of its cases. */
const NAMED = { first: 'Zoë', last: 'Hernández-Ibáñez' };

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)]!;
const ascii = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

interface Target {
  name: string;
  url: () => string;
}

/**
 * GET /clients and GET /cases, limit=100, on a firm of `clients` clients and `cases` cases beside a
 * second firm of the same size (both firms' rows interleaved in creation time): without q (the first
 * page, and a page deep in the firm by cursor), and with a q matching many ("an"), few ("zoë"), none
 * ("zzzz": the scan reads the whole firm), and a "first last" one; alternated request by request with
 * the bare-Nest floor. Then the plans the databases chose for the page queries.
 */
export async function searchBench(clients = 20_000, cases = 5_000, rounds = 200): Promise<void> {
  console.log(
    `\n## Search lists: GET /clients and /cases?limit=100, two firms of ${clients.toLocaleString('en-US')} clients and ${cases.toLocaleString('en-US')} cases each, ${rounds} sequential requests per target, alternated`,
  );
  for (const db of await freshDatabases()) {
    try {
      await benchOne(db, clients, cases, rounds);
    } finally {
      await db.drop();
    }
  }
}

/** Creation times over five years, both firms drawing from the same span so their rows interleave. */
const createdAt = () => new Date(SPAN_START + randomInt(SPAN_MS));

/** `count` clients and `cases` cases (each on one or two of them) of the firm, straight through the DataSource in batches. */
async function seedFirm(
  dataSource: DataSource,
  firmId: string,
  createdBy: string,
  count: number,
  cases: number,
): Promise<void> {
  const people: Array<{ id: string; first: string; last: string }> = [];
  for (let at = 0; at < count; at += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - at) }, (_, i) => {
      const n = at + i;
      const [firstName, lastName] =
        n === count >> 1 ? [NAMED.first, NAMED.last] : [n % 400 === 7 ? 'Zoë' : pick(FIRST), pick(LAST)];
      const email = n % 10 === 0 ? null : `${ascii(firstName)}.${ascii(lastName)}${randomInt(1000)}@${pick(DOMAINS)}`;
      const when = createdAt();
      people.push({ id: randomUUID(), first: firstName, last: lastName });
      return {
        id: people[people.length - 1]!.id,
        firmId,
        firstName,
        lastName,
        email,
        phone: null,
        timezone: null,
        smsOptIn: false,
        portalPasswordHash: null,
        portalLoginEmail: null,
        searchText: searchTextOf([firstName, lastName, email], CLIENT_SEARCH_TEXT_LENGTH),
        createdAt: when,
        updatedAt: when,
      };
    });
    // updateEntity(false): no read-back of defaults, which on SQLite is one huge WHERE over the batch.
    await dataSource.createQueryBuilder().insert().into(Client).updateEntity(false).values(rows).execute();
  }
  const named = people[count >> 1]!;
  for (let at = 0; at < cases; at += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, cases - at) }, (_, i) => {
      const n = at + i;
      const a = n === 0 ? named : pick(people);
      const b = pick(people);
      const title = n % 3 === 0 ? `${a.last} v. ${b.last}` : `${pick(MATTERS)} ${a.first} ${a.last}`;
      return {
        row: {
          id: randomUUID(),
          firmId,
          title,
          searchText: searchTextOf([title], CASE_SEARCH_TEXT_LENGTH),
          createdBy,
          createdAt: createdAt(),
        },
        clients: n % 4 === 0 ? [a.id, b.id] : [a.id],
      };
    });
    await dataSource.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .insert()
        .into(LegalCase)
        .updateEntity(false)
        .values(rows.map((r) => r.row))
        .execute();
      const links = rows.flatMap((r) => [...new Set(r.clients)].map((clientId) => ({ caseId: r.row.id, clientId })));
      await em.createQueryBuilder().insert().into(CaseClient).updateEntity(false).values(links).execute();
    });
  }
  // The title of the named client's case ("Estate of Zoë Hernández-Ibáñez"…) holds "first last".
  await dataSource
    .createQueryBuilder()
    .update(LegalCase)
    .set({
      title: `Estate of ${named.first} ${named.last}`,
      searchText: searchTextOf([`Estate of ${named.first} ${named.last}`], CASE_SEARCH_TEXT_LENGTH),
    })
    .where('firmId = :firmId', { firmId })
    .andWhere('id IN (SELECT caseId FROM case_clients WHERE clientId = :id)', { id: named.id })
    .execute();
}

/** Cursors of `n` random positions in the second half of the firm's list, as GET /…?cursor would carry them. */
async function deepCursors(
  dataSource: DataSource,
  table: 'clients' | 'cases',
  firmId: string,
  total: number,
  n = 50,
): Promise<string[]> {
  const cursors: string[] = [];
  for (let i = 0; i < n; i++) {
    const [row] = (await dataSource.query(
      `SELECT id, createdAt FROM ${table} WHERE firmId = ? ORDER BY createdAt, id LIMIT 1 OFFSET ${(total >> 1) + randomInt(total >> 1) - 101}`,
      [firmId],
    )) as Array<{ id: string; createdAt: Date | string }>;
    const at = row!.createdAt instanceof Date ? row!.createdAt : new Date(`${row!.createdAt.replace(' ', 'T')}Z`);
    cursors.push(encodeCursor({ at, id: row!.id }));
  }
  return cursors;
}

async function benchOne(db: BenchDatabase, clients: number, cases: number, rounds: number): Promise<void> {
  const { app, url } = await startApp({ DATABASE_URL: db.url, APP_URL: 'http://bench.test' });
  let floor: Awaited<ReturnType<typeof startFloor>> | null = null;
  try {
    const signup = async (firmName: string) => {
      const res = await postJson(`${url}/api/v1/auth/signup`, {
        firmName,
        name: 'Bea Bench',
        email: `search-${randomUUID()}@example.test`,
        password: 'bench-password-123',
      });
      return {
        user: res.json.user as { id: string; firmId: string },
        headers: { authorization: `Bearer ${res.json.accessToken as string}` },
      };
    };
    const owner = await signup('Bench');
    const neighbour = await signup('Neighbour');
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const seedStart = performance.now();
    await seedFirm(dataSource, owner.user.firmId, owner.user.id, clients, cases);
    await seedFirm(dataSource, neighbour.user.firmId, neighbour.user.id, clients, cases);
    if (db.kind === 'mysql') await dataSource.query('ANALYZE TABLE clients, cases, case_clients');
    const matching = async (table: 'clients' | 'cases', q: string) =>
      Number(
        (
          (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE firmId = ? AND searchText LIKE ?`, [
            owner.user.firmId,
            `%${q}%`,
          ])) as Array<{ n: number | string }>
        )[0]!.n,
      );
    const queries = [
      ['an', 'many'],
      ['zoë', 'few'],
      ['zzzz', 'none'],
      [`${NAMED.first} ${NAMED.last}`, '"first last"'],
    ] as const;
    const folded = {
      an: 'an',
      zoë: 'zoe',
      zzzz: 'zzzz',
      [`${NAMED.first} ${NAMED.last}`]: searchTextOf([NAMED.first, NAMED.last], 100),
    } as Record<string, string>;
    const counts: string[] = [];
    for (const table of ['clients', 'cases'] as const) {
      for (const [q] of queries) counts.push(`${table} "${q}" ${await matching(table, folded[q]!)}`);
    }
    console.log(
      `${db.kind}  seeded 2 x (${clients} clients, ${cases} cases) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; matches in the firm: ${counts.join(', ')}`,
    );

    const targets: Target[] = [];
    for (const [table, total] of [
      ['clients', clients],
      ['cases', cases],
    ] as const) {
      const cursors = await deepCursors(dataSource, table, owner.user.firmId, total);
      const list = `${url}/api/v1/${table}?limit=100`;
      targets.push({ name: `GET /${table}, first page`, url: () => list });
      targets.push({ name: `GET /${table}, a deep page (cursor)`, url: () => `${list}&cursor=${pick(cursors)}` });
      for (const [q, kind] of queries)
        targets.push({ name: `GET /${table}?q=${q} (${kind})`, url: () => `${list}&q=${encodeURIComponent(q)}` });
    }
    // The floor answers the same JSON as a client page, through the same framework.
    const page = await startFloor(await (await get(targets[0]!.url(), owner.headers)).json());
    floor = page;
    const all = [...targets, { name: 'bare Nest route, a 100-client page from memory (floor)', url: () => page.url }];

    const samples = all.map(() => [] as number[]);
    for (let round = -20; round < rounds; round++) {
      for (const [i, target] of all.entries()) {
        const t0 = performance.now();
        const res = await get(target.url(), owner.headers);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${target.name}: ${res.status}`);
        // The first rounds warm the JIT, the pool and the database's caches.
        if (round >= 0) samples[i]!.push(performance.now() - t0);
      }
    }
    const floorP50 = percentile(samples[samples.length - 1]!, 50);
    const floorP99 = percentile(samples[samples.length - 1]!, 99);
    for (const [i, target] of all.entries()) {
      const p50 = percentile(samples[i]!, 50);
      const p99 = percentile(samples[i]!, 99);
      console.log(
        `${db.kind}  ${target.name}: p50 ${ms(p50)} p99 ${ms(p99)} (${(p50 / floorP50).toFixed(1)} x / ${(p99 / floorP99).toFixed(1)} x the floor's p50 / p99)${p99 > 50 ? '  <-- over 50 ms' : ''}`,
      );
    }
    await explainPageQueries(db, dataSource, owner.headers, targets);
  } finally {
    await floor?.close();
    await app.close();
  }
}

/** The page queries one request of each target sends, as the database plans them. */
async function explainPageQueries(
  db: BenchDatabase,
  dataSource: DataSource,
  headers: Record<string, string>,
  targets: Target[],
): Promise<void> {
  // Repositories' query builders send through a QueryRunner, not the manager: watch every runner's query.
  const runner = dataSource.createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as {
    query: (this: unknown, sql: string, parameters?: unknown[], ...rest: unknown[]) => Promise<unknown>;
  };
  await runner.release();
  const original = proto.query;
  for (const target of targets) {
    const sent: Array<[string, unknown[] | undefined]> = [];
    proto.query = function (this: unknown, sql: string, parameters?: unknown[], ...rest: unknown[]) {
      sent.push([sql, parameters]);
      return original.call(this, sql, parameters, ...rest);
    };
    await (await get(target.url(), headers)).arrayBuffer();
    proto.query = original;
    for (const [sql, parameters] of sent.filter(([sql]) => /FROM [`"](clients|cases)[`"]/.test(sql))) {
      console.log(
        `${db.kind}  plan of ${target.name}:\n    ${sql
          .replace(/\s+/g, ' ')
          .replace(/SELECT .*? FROM/, 'SELECT … FROM')
          .replace(/\?(, \?)+/g, '?, …')}`,
      );
      const plan = (await dataSource.query(
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
