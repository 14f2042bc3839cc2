import autocannon from 'autocannon';
import { ZoomTokenService } from '../src/integrations/zoom/zoom-token.service.js';
import { ZoomEmulator } from '../test/emulators/zoom-emulator.js';
import { freshDatabases, ms, percentile, postJson, startApp, startFloor } from './bench-support.js';

interface Target {
  url: string;
  headers: Record<string, string>;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/**
 * Each target under autocannon (10 connections) for `seconds` in all, in `slices` alternating turns,
 * so the shared machine's passing load falls on every target alike. Requests per second over all
 * turns; p50 the median of the turns' p50s; p99 the worst turn's p99.
 */
async function loadAlternating(targets: Target[], seconds: number, slices = 4): Promise<Load[]> {
  const turns = targets.map(() => [] as autocannon.Result[]);
  for (let slice = 0; slice < slices; slice++) {
    for (const [i, target] of targets.entries()) {
      turns[i]!.push(
        await autocannon({ url: target.url, connections: 10, duration: seconds / slices, headers: target.headers }),
      );
    }
  }
  return turns.map((results) => ({
    rps: results.reduce((sum, r) => sum + r.requests.total, 0) / results.reduce((sum, r) => sum + r.duration, 0),
    p50: percentile(
      results.map((r) => r.latency.p50),
      50,
    ),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  }));
}

/** The timeline of a 200-event case under load, beside the framework's floor; and meeting creation overhead. */
export async function caseEventsBench(seconds = 20, meetings = 200): Promise<void> {
  console.log(
    `\n## Case events: timeline of 200 events under autocannon (10 connections, ${seconds} s each, in 4 alternating turns), and Add Zoom meeting overhead`,
  );
  const mysql = (await freshDatabases()).filter((db) => db.kind === 'mysql');
  for (const db of mysql) {
    const zoom = new ZoomEmulator({ clientId: 'bench', clientSecret: 'bench-secret-0123456789' });
    await zoom.start();
    const { app, url } = await startApp({
      DATABASE_URL: db.url,
      APP_URL: 'http://app.test',
      ZOOM_CLIENT_ID: 'bench',
      ZOOM_CLIENT_SECRET: 'bench-secret-0123456789',
      ZOOM_OAUTH_BASE_URL: zoom.baseUrl,
      ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    });
    const signup = await postJson(`${url}/api/v1/auth/signup`, {
      firmName: 'Bench',
      name: 'B',
      email: `ce-${Date.now()}@example.test`,
      password: 'bench-password-123',
    });
    const headers = {
      authorization: `Bearer ${signup.json.accessToken as string}`,
      'content-type': 'application/json',
    };
    const client = await postJson(`${url}/api/v1/clients`, { firstName: 'C', lastName: 'L' }, headers);
    const theCase = await postJson(
      `${url}/api/v1/cases`,
      { title: 'Bench case', clientIds: [client.json.id] },
      headers,
    );
    const caseId = theCase.json.id as string;
    for (let i = 0; i < 200; i++) {
      const start = new Date(Date.UTC(2027, 0, 1) + i * 3_600_000 * 7);
      const res = await postJson(
        `${url}/api/v1/cases/${caseId}/events`,
        {
          title: `Event ${i}`,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
          timezone: 'America/New_York',
          location: 'Courtroom 4B',
          description: 'Bring exhibits A-F',
          sharedWithClients: i % 2 === 0,
        },
        headers,
      );
      if (res.status !== 201) throw new Error(`event ${res.status}`);
    }
    const timelineUrl = `${url}/api/v1/cases/${caseId}/events?limit=200`;
    const floorApp = await startFloor(await (await fetch(timelineUrl, { headers })).json());
    const floorUrl = floorApp.url;

    // Beside them, an instance that keeps no pages (TIMELINE_CACHE_MB=0): every request reads and serializes all 200 events.
    const cold = await startApp({ DATABASE_URL: db.url, APP_URL: 'http://app.test', TIMELINE_CACHE_MB: '0' });
    const [timeline, floor, uncached] = (await loadAlternating(
      [
        { url: timelineUrl, headers },
        { url: floorUrl, headers: {} },
        { url: timelineUrl.replace(url, cold.url), headers },
      ],
      seconds,
    )) as [Load, Load, Load];
    const share = (l: Load) => `${((l.rps / floor.rps) * 100).toFixed(1)}% of the floor`;
    console.log(
      `mysql  timeline: ${timeline.rps.toFixed(0)} req/s, p50 ${timeline.p50} ms, p99 ${timeline.p99} ms (non-2xx ${timeline.non2xx})`,
    );
    console.log(
      `mysql  bare Nest route, same JSON from memory: ${floor.rps.toFixed(0)} req/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms`,
    );
    console.log(`mysql  timeline throughput = ${share(timeline)}`);
    console.log(
      `mysql  timeline with no page cache (every page read and serialized): ${uncached.rps.toFixed(0)} req/s, p50 ${uncached.p50} ms, p99 ${uncached.p99} ms (non-2xx ${uncached.non2xx}), ${share(uncached)}`,
    );
    await floorApp.close();
    await cold.app.close();

    // Meeting creation: our latency minus the emulator's own, on the same machine.
    zoom.addUser({ email: 'bench.host@example.test' });
    zoom.setSignedInUser('bench.host@example.test');
    const connect = await postJson(`${url}/api/v1/integrations/zoom/connect`, {}, headers);
    const consent = await fetch(connect.json.authorizeUrl as string, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    await fetch(`${url}${back.pathname}${back.search}`, { redirect: 'manual' });
    const userId = (signup.json.user as { id: string }).id;
    // Zoom allows 100 meeting creations a day per user; the emulator enforces it, so lift it for the bench.
    zoom.setDailyMeetingLimit(10 * meetings);
    const eventIds: string[] = [];
    for (let i = 0; i < meetings; i++) {
      const event = await postJson(
        `${url}/api/v1/cases/${caseId}/events`,
        { title: `Meet ${i}`, startsAt: '2027-06-01T15:00:00-04:00', timezone: 'America/New_York' },
        headers,
      );
      eventIds.push(event.json.id as string);
    }
    const accessToken = await app.get(ZoomTokenService).accessToken(userId);
    // Alternated one for one, so both see the same machine: the machine's other load comes and goes.
    const ours: number[] = [];
    const bare: number[] = [];
    for (const [i, eventId] of eventIds.entries()) {
      let t0 = performance.now();
      const res = await fetch(`${url}/api/v1/events/${eventId}/zoom-meeting`, { method: 'POST', headers });
      await res.arrayBuffer();
      ours.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`meeting ${res.status}`);
      t0 = performance.now();
      const direct = await fetch(`${zoom.apiBaseUrl}/users/me/meetings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          topic: `Bare ${i}`,
          type: 2,
          start_time: '2027-06-01T15:00:00',
          timezone: 'America/New_York',
          duration: 60,
        }),
      });
      await direct.arrayBuffer();
      bare.push(performance.now() - t0);
    }
    console.log(
      `mysql  Add Zoom meeting p50 ${ms(percentile(ours, 50))} p99 ${ms(percentile(ours, 99))}; emulator alone p50 ${ms(percentile(bare, 50))}; product overhead p50 ${ms(percentile(ours, 50) - percentile(bare, 50))}`,
    );
    await app.close();
    await zoom.stop();
    await db.drop();
  }
}
