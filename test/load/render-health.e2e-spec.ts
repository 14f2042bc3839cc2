import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { createEvent, zoomLink } from '../factories/case-events.factory.js';
import { createCase, createClient, signupFirm, type StaffMember } from '../factories/identity.factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Longest /health may take while hostile renders run: "a fraction of a second". */
const HEALTH_LIMIT_MS = 500;
const CONCURRENCY = 30;
const ATTACK_MS = 4_000;

const TEN_THOUSAND = 'x'.repeat(10_000);
/** Each asks for as much work as one request may: [path, body without eventId/clientId, the expected status]. */
const HOSTILE: Array<[string, Record<string, unknown>, number]> = [
  ['render', { channel: 'sms', body: '{% for i in (1..6400) %}xxxxxxxxxx{% endfor %}' }, 422],
  ['render', { channel: 'sms', body: `{% for i in (1..6400) %}${'x'.repeat(2_000)}{% endfor %}` }, 422],
  [
    'render',
    { channel: 'sms', body: '{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}' },
    422,
  ],
  [
    'render',
    {
      channel: 'email',
      subject: 'S',
      body: '{% for a in (1..3000) %}{% for b in (1..3000) %}{{ a }}{% endfor %}{% endfor %}',
    },
    422,
  ],
  ['render', { channel: 'email', subject: 'S', body: `{% for i in (1..20) %}${TEN_THOUSAND}{% endfor %}` }, 200],
  ['render', { channel: 'email', subject: 'S', body: `{% for i in (1..21) %}${TEN_THOUSAND}{% endfor %}` }, 422],
  [
    'render',
    {
      channel: 'email',
      subject: 'S',
      body: '{% capture s %}{% for a in (1..1000) %}{% for b in (1..1000) %}xxxxxxxxxxxxxxx{% endfor %}{% endfor %}{% endcapture %}{{ s | size }}',
    },
    422,
  ],
  [
    'render',
    {
      channel: 'email',
      subject: 'S',
      body: '{% assign a = (1..140000) | sort %}{% for i in (1..100) %}{% assign a = a | sort %}{% endfor %}',
    },
    422,
  ],
  ['templates/check', { channel: 'sms', body: '{{video_link}}'.repeat(1_100) }, 400],
  ['templates/check', { channel: 'email', subject: 'S', body: `${'{{ event_title }}\n'.repeat(800)}{% if x %}` }, 400],
  ['templates', { channel: 'sms', name: 'Bomb', body: '{% for i in (1..6400) %}xxxxxxxxxx{% endfor %}' }, 400],
];

/**
 * Times GET /health every 50 ms over a connection of its own, from a thread of its own: a prober on
 * the app's event loop could not even send while the loop is held, and would see nothing wrong.
 * Plain JavaScript, evaluated as is: the thread does not go through ts-jest.
 */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const latencies = [];
let stopping = false;
parentPort.on('message', () => { stopping = true; });
const probe = () => new Promise((resolve, reject) => {
  const started = performance.now();
  http.get(workerData.url + '/health', { agent }, (res) => {
    res.resume();
    res.on('end', () => res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error('/health answered ' + res.statusCode)));
  }).on('error', reject);
});
(async () => {
  // The first request opens the connection and warms this thread up; it is not counted.
  await probe();
  parentPort.postMessage('ready');
  while (!stopping) {
    latencies.push(await probe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  agent.destroy();
  parentPort.postMessage(latencies);
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

describe('Hostile renders do not keep /health from answering (load)', () => {
  let t: TestApp;
  let firm: StaffMember;
  let ids: { eventId: string; clientId: string };

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    firm = await signupFirm(t);
    const client = await createClient(t, firm);
    const legalCase = await createCase(t, firm, [client.id]);
    const event = await createEvent(t, firm, legalCase.id, {
      startsAt: '2026-12-01T15:00:00-05:00',
      ...zoomLink(),
      sharedWithClients: true,
    });
    ids = { eventId: event.id, clientId: client.id };
  });

  afterAll(async () => {
    await t.close();
  });

  it(`answers /health within ${HEALTH_LIMIT_MS} ms while ${CONCURRENCY} hostile renders, checks and saves run at once`, async () => {
    const statuses: string[] = [];
    let sent = 0;
    const attacker = async (lane: number) => {
      for (let i = lane; Date.now() < until; i += CONCURRENCY) {
        const [path, body, expected] = HOSTILE[i % HOSTILE.length]!;
        const res = await fetch(`${t.url}/api/v1/messaging/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${firm.token}` },
          body: JSON.stringify(path === 'render' ? { ...body, ...ids } : body),
        });
        await res.arrayBuffer();
        sent++;
        if (res.status !== expected)
          statuses.push(`${path} ${String(body.body).slice(0, 40)}: ${res.status}, expected ${expected}`);
      }
    };
    const prober = new Worker(PROBER, { eval: true, workerData: { url: t.url } });
    await once(prober, 'message');
    const report = once(prober, 'message');
    // Until every hostile request has been answered, however long the server takes.
    const until = Date.now() + ATTACK_MS;
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, lane) => attacker(lane)));
    prober.postMessage('stop');
    const [latencies] = (await report) as [number[] | { error: string }];
    await prober.terminate();
    if (!Array.isArray(latencies)) throw new Error(latencies.error);
    const worst = Math.max(...latencies);
    // The figures, for the report: how long /health took at worst, and how much hostile work ran meanwhile.
    process.stdout.write(
      `render-health: ${sent} hostile requests, ${latencies.length} /health probes, worst ${worst.toFixed(0)} ms\n`,
    );
    expect(worst).toBeLessThan(HEALTH_LIMIT_MS);
    expect(latencies.length).toBeGreaterThan(ATTACK_MS / 50 / 4);
    expect(statuses).toEqual([]);
  }, 120_000);
});
