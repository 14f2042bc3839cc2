import ical from 'ical-generator';
import { randomBytes, randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarFeedRenderer } from '../src/calendar-feed/calendar-feed.renderer.js';
import { CaseEventFeedQueries, type FeedEvent } from '../src/case-events/case-event-feed.queries.js';
import { CaseEvent } from '../src/case-events/case-event.entity.js';
import { freshDatabases, ms, percentile, postJson, startApp } from './bench-support.js';

const DAY_MS = 86_400_000;
/** Each token may be fetched 60 times in a minute; the bench spreads its fetches over fresh tokens. */
const FETCHES_PER_TOKEN = 50;

/**
 * A 5,000-event feed on MySQL: the endpoint's full render against ical-generator rendering the same
 * events already in memory, a 304 against a full render (issue 15: at most 1/20 of it, p50 and p99,
 * measured alternating in one run), and memory while 20 full renders run at once. The 304s poll an
 * unchanged feed, the common case; the version aggregate a poll pays once after an event change (per
 * scope and process) is timed alongside, called directly.
 */
export async function calendarFeedBench(
  events = 5000,
  fullRuns = 30,
  notModifiedRuns = 600,
  libraryRuns = 5,
): Promise<void> {
  console.log(`\n## Calendar feed: ${events.toLocaleString('en-US')} events, MySQL`);
  const databases = await freshDatabases();
  for (const db of databases.filter((d) => d.kind !== 'mysql')) await db.drop();
  const db = databases.find((d) => d.kind === 'mysql');
  if (!db) {
    console.log('(MySQL not reachable: calendar feed bench skipped)');
    return;
  }
  const { app, url } = await startApp({ DATABASE_URL: db.url, APP_URL: 'http://bench.test' });
  try {
    const signup = await postJson(`${url}/api/v1/auth/signup`, {
      firmName: 'Bench, Müller & Partners',
      name: 'Bea Bench',
      email: `feed-${randomBytes(4).toString('hex')}@example.test`,
      password: 'bench-password-123',
    });
    const token = signup.json.accessToken as string;
    const user = signup.json.user as { id: string; firmId: string };
    const staff = { authorization: `Bearer ${token}` };
    const client = await postJson(`${url}/api/v1/clients`, { firstName: 'Carla', lastName: 'Client' }, staff);
    const legalCase = await postJson(
      `${url}/api/v1/cases`,
      { title: 'Bench matter', clientIds: [client.json.id] },
      staff,
    );
    await insertEvents(app.get<DataSource>(getDataSourceToken()), events, user, legalCase.json.id as string);

    const tokens = tokenSource(url, staff);
    // Warm-up: JIT, connection pool, MySQL buffer pool.
    for (let i = 0; i < 3; i++) await fullFetch(await tokens.next());

    // The same events, already in memory, for the render path alone and for ical-generator alone.
    const queries = app.get(CaseEventFeedQueries);
    const feedEvents: FeedEvent[] = [];
    for await (const page of queries.pages({ kind: 'staff', firmId: user.firmId, userId: user.id }, new Date()))
      feedEvents.push(...page);
    if (feedEvents.length !== events)
      throw new Error(`expected ${events} events in the feed, got ${feedEvents.length}`);
    const renderer = app.get(CalendarFeedRenderer);

    // Interleaved, so that load from anything else on the machine hits every series alike.
    const endpoint: number[] = [];
    const inMemory: number[] = [];
    const notModified: number[] = [];
    const aggregate: number[] = [];
    const conditional = conditionalSource(tokens);
    let bytes = 0;
    for (let i = 0; i < fullRuns; i++) {
      let t0 = performance.now();
      bytes = await fullFetch(await tokens.next());
      endpoint.push(performance.now() - t0);
      t0 = performance.now();
      renderer.renderAll('Bench', 'staff', feedEvents);
      inMemory.push(performance.now() - t0);
      while (notModified.length < ((i + 1) * notModifiedRuns) / fullRuns) notModified.push(await conditional());
      t0 = performance.now();
      await queries.version({ kind: 'staff', firmId: user.firmId, userId: user.id }, new Date());
      aggregate.push(performance.now() - t0);
    }

    const concurrent = await concurrentRenders(await tokens.create(), 20);

    // Last: each run blocks the event loop for seconds, which would break the HTTP keep-alive of anything after it.
    const library: number[] = [];
    for (let i = 0; i < libraryRuns; i++) {
      const t0 = performance.now();
      const calendar = ical({ name: 'Bench', prodId: '//MyLawyerLink//Calendar feeds//EN', ttl: 3600 });
      for (const e of feedEvents) calendar.createEvent(renderer.eventData(e, 'staff'));
      calendar.toString();
      library.push(performance.now() - t0);
    }

    const p50 = percentile(endpoint, 50);
    console.log(
      `endpoint full render (${(bytes / 2 ** 20).toFixed(1)} MiB, ${fullRuns} sequential): p50 ${ms(p50)} p99 ${ms(percentile(endpoint, 99))}`,
    );
    console.log(
      `ical-generator alone, createEvent + toString (its own folding), ${libraryRuns} runs: p50 ${ms(percentile(library, 50))} p99 ${ms(percentile(library, 99))}; endpoint / library p50 = ${(p50 / percentile(library, 50)).toFixed(2)}`,
    );
    console.log(
      `ical-generator VEVENTs + our linear folding, in memory, ${fullRuns} runs: p50 ${ms(percentile(inMemory, 50))} p99 ${ms(percentile(inMemory, 99))}; endpoint / in-memory p50 = ${(p50 / percentile(inMemory, 50)).toFixed(2)}`,
    );
    const ratio50 = p50 / percentile(notModified, 50);
    const ratio99 = percentile(endpoint, 99) / percentile(notModified, 99);
    console.log(
      `304 Not Modified (${notModifiedRuns} sequential, alternating with the full renders): p50 ${ms(percentile(notModified, 50))} p99 ${ms(percentile(notModified, 99))}; full / 304: p50 ${ratio50.toFixed(1)}x, p99 ${ratio99.toFixed(1)}x (target >= 20x: ${Math.min(ratio50, ratio99) >= 20 ? 'met' : 'missed'})`,
    );
    console.log(
      `the feed's version aggregate alone (once per event change, scope and process), ${fullRuns} runs: p50 ${ms(percentile(aggregate, 50))} p99 ${ms(percentile(aggregate, 99))}`,
    );
    console.log(
      `20 concurrent full renders: all done in ${ms(concurrent.wallMs)}; RSS growth peak ${concurrent.rssGrowthMiB.toFixed(1)} MiB, heap growth peak ${concurrent.heapGrowthMiB.toFixed(1)} MiB`,
    );
  } finally {
    await app.close();
    await db.drop();
  }
}

/** 5,000 events created by the bench user, 90 days back to two years ahead, a few cancelled, half with a Zoom link. */
async function insertEvents(
  dataSource: DataSource,
  count: number,
  user: { id: string; firmId: string },
  caseId: string,
): Promise<void> {
  const now = Date.now();
  const rows: Partial<CaseEvent>[] = Array.from({ length: count }, (_, i) => {
    const startsAt = new Date(now - 80 * DAY_MS + Math.floor((i / count) * 800 * DAY_MS) + (i % 24) * 3_600_000);
    const cancelled = i % 97 === 0;
    const updatedAt = new Date(now - (i % 1000) * 60_000);
    const meetingId = String(80_000_000_000 + i);
    return {
      id: randomUUID(),
      firmId: user.firmId,
      caseId,
      title: `Hearing ${i}: Müller v. Smith, motion; part ${i % 7} 📅`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      timezone: 'America/New_York',
      location: i % 3 === 0 ? null : `Courtroom ${i % 12}, 2nd floor`,
      description: i % 2 === 0 ? `Bring exhibits A-C.\nCall the client the day before (event ${i}).` : null,
      videoLink: i % 2 === 0 ? `https://zoom.us/j/${meetingId}?pwd=${randomBytes(16).toString('hex')}` : null,
      zoomMeetingId: i % 2 === 0 ? meetingId : null,
      sharedWithClients: i % 4 === 0,
      status: cancelled ? 'cancelled' : 'scheduled',
      cancelledAt: cancelled ? updatedAt : null,
      sequence: i % 5,
      createdBy: user.id,
      createdAt: updatedAt,
      updatedAt,
    };
  });
  const repository = dataSource.getRepository(CaseEvent);
  for (let i = 0; i < rows.length; i += 500) await repository.insert(rows.slice(i, i + 500));
}

/** New URLs of the user's `me` feed, and `next`: the current one until it has been fetched its share of times. */
function tokenSource(url: string, staff: Record<string, string>) {
  const create = async (): Promise<string> => {
    const res = await postJson(`${url}/api/v1/calendar-feeds`, { scope: 'me' }, staff);
    if (res.status !== 201) throw new Error(`feed creation answered ${res.status}`);
    // The bench talks to the app on its own address, not APP_URL's.
    return `${url}${new URL(res.json.url as string).pathname}`;
  };
  let current = '';
  let used = FETCHES_PER_TOKEN;
  return {
    create,
    next: async (): Promise<string> => {
      if (used >= FETCHES_PER_TOKEN) {
        current = await create();
        used = 0;
      }
      used++;
      return current;
    },
  };
}

/** Timed If-None-Match fetches that must answer 304, moving to a fresh token before the rate limit. */
function conditionalSource(tokens: ReturnType<typeof tokenSource>): () => Promise<number> {
  let feedUrl = '';
  let etag = '';
  let used = FETCHES_PER_TOKEN;
  return async () => {
    if (used >= FETCHES_PER_TOKEN - 1) {
      feedUrl = await tokens.create();
      etag = (await fetch(feedUrl, { method: 'HEAD' })).headers.get('etag') ?? '';
      used = 0;
    }
    used++;
    const t0 = performance.now();
    const res = await fetch(feedUrl, { headers: { 'if-none-match': etag } });
    await res.arrayBuffer();
    const elapsed = performance.now() - t0;
    if (res.status !== 304) throw new Error(`conditional fetch answered ${res.status}`);
    return elapsed;
  };
}

/** The whole body read and dropped; its size in bytes. */
async function fullFetch(feedUrl: string): Promise<number> {
  const res = await fetch(feedUrl);
  if (res.status !== 200 || !res.body) throw new Error(`feed answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
  return bytes;
}

/** Memory from just before the renders (after one warm-up render on the same feed) to its peak while they run. */
async function concurrentRenders(
  feedUrl: string,
  n: number,
): Promise<{ wallMs: number; rssGrowthMiB: number; heapGrowthMiB: number }> {
  await fullFetch(feedUrl);
  const base = process.memoryUsage();
  let rssPeak = base.rss;
  let heapPeak = base.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    rssPeak = Math.max(rssPeak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapUsed);
  }, 10);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => fullFetch(feedUrl)));
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  const end = process.memoryUsage();
  rssPeak = Math.max(rssPeak, end.rss);
  heapPeak = Math.max(heapPeak, end.heapUsed);
  return { wallMs, rssGrowthMiB: (rssPeak - base.rss) / 2 ** 20, heapGrowthMiB: (heapPeak - base.heapUsed) / 2 ** 20 };
}
