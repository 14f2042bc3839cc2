import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createEvent } from '../factories/case-events.factory.js';
import { createStaffFeed, feedToken } from '../factories/calendar-feed.factory.js';
import {
  addMember,
  createCase,
  createClient,
  login,
  portalLogin,
  signupFirm,
  strongPassword,
  uniqueEmail,
  type PortalClient,
  type StaffMember,
} from '../factories/identity.factory.js';
import { createTemplate } from '../factories/messaging.factory.js';
import { createRule } from '../factories/reminders.factory.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import {
  HOSTILE_JSON,
  HOSTILE_PATH_IDS,
  HOSTILE_QUERY_VALUES,
  RAW_BODIES,
  hostileJson,
  hostileText,
  percentEncoded,
} from './hostile-values.js';

/**
 * Hostile input against every operation of the OpenAPI document the app serves: each body field,
 * path id, query parameter and header given wrong types, nulls, arrays and objects, lone surrogates,
 * control characters, 20,000-character strings, impossible dates, deep nesting, __proto__ keys; plus
 * malformed JSON, wrong content types and huge bodies. No answer may be a 5xx, and every refusal has
 * the contract's error body. Values come from fast-check with a fixed seed, so every run sends the same.
 */
const SEED = 20261129;
/** Random values per body field, on top of the fixed list. */
const RANDOM_PER_FIELD = 6;
/** Sign-in and signup hash passwords and count attempts; they get a few values per field only. */
const RATE_LIMITED = /\/(auth\/(login|signup)|portal\/auth\/login)$/;
/** What ends the session or the record the other requests use: fuzzed last, each on a session or record of its own. */
const destructive = (op: { method: string; path: string }): boolean =>
  op.method === 'delete' || /\/logout$/.test(op.path);

interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header' }>;
  body: Schema | null;
}

interface Schema {
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  $ref?: string;
}

interface Sent {
  method: string;
  path: string;
  what: string;
}

interface Failure extends Sent {
  template: string;
  status: number;
  body: unknown;
}

describe('API fuzz (e2e)', () => {
  let t: TestApp;
  let owner: StaffMember;
  let spare: StaffMember;
  let clientToken: string;
  /** A client whose record the fuzzing leaves alone (PATCH /clients/:id may change the other's password). */
  let spareClient: PortalClient;
  const ids: Record<string, string> = {};
  let operations: Operation[] = [];
  const failures: Failure[] = [];
  let sentCount = 0;
  const timeByOperation = new Map<string, number>();
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    owner = await signupFirm(t);
    spare = await addMember(t, owner);
    const client = await createClient(t, owner);
    spareClient = await createClient(t, owner);
    clientToken = await portalLogin(t, client);
    const legalCase = await createCase(t, owner, [client.id], [spare.user.id]);
    const event = await createEvent(t, owner, legalCase.id, { sharedWithClients: true });
    const template = await createTemplate(t, owner, 'sms');
    const rule = await createRule(t, owner, template.id, 60);
    const feed = await createStaffFeed(t, owner, { scope: 'me' });
    Object.assign(ids, {
      client: client.id,
      case: legalCase.id,
      event: event.id,
      template: template.id,
      rule: rule.id,
      feed: feed.id,
      user: spare.user.id,
      token: feedToken(t, feed.url),
    });

    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    operations = readOperations(doc.body as OpenApi);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** A path's valid id for each parameter, so requests get past 404s into validation and services. */
  function validId(path: string, name: string): string {
    if (name === 'caseId') return ids.case!;
    if (name === 'token') return ids.token!;
    const resource = /\/(clients|cases|events|templates|reminder-rules|calendar-feeds|users)\/\{/.exec(path)?.[1];
    const byResource: Record<string, string | undefined> = {
      clients: ids.client,
      cases: ids.case,
      events: ids.event,
      templates: ids.template,
      'reminder-rules': ids.rule,
      'calendar-feeds': ids.feed,
      users: ids.user,
    };
    return (resource && byResource[resource]) ?? randomUUID();
  }

  function fillPath(op: Operation, override?: { name: string; raw: string }): string {
    return op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      override?.name === name ? override.raw : encodeURIComponent(validId(op.path, name)),
    );
  }

  /** Portal routes take the client's token; everything else the owner's. */
  function tokenFor(path: string): string {
    return path.startsWith('/api/v1/portal/') && !path.startsWith('/api/v1/portal/auth/') ? clientToken : owner.token;
  }

  /** A body the DTO should accept: the schema's examples and enums, our ids, names that say what they hold. */
  function validBody(schema: Schema): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const name of schema.required ?? []) body[name] = validValue(name, schema.properties?.[name] ?? {});
    return body;
  }

  function validValue(name: string, schema: Schema): unknown {
    if (schema.enum?.length) return schema.type === 'array' ? [schema.enum[0]] : schema.enum[0];
    if (schema.type === 'array')
      return schema.items?.enum?.length ? [schema.items.enum[0]] : name === 'clientIds' ? [ids.client] : [];
    if (schema.type === 'boolean') return false;
    if (schema.type === 'number' || schema.type === 'integer') return schema.example ?? schema.minimum ?? 1;
    if (schema.example !== undefined) return schema.example;
    if (/email/i.test(name)) return uniqueEmail('fuzz');
    if (/password/i.test(name)) return strongPassword();
    if (name === 'templateId') return ids.template;
    if (name === 'eventId') return ids.event;
    if (name === 'clientId') return ids.client;
    if (name === 'caseId') return ids.case;
    if (/^(starts|ends)At$/.test(name)) return '2026-12-01T15:00:00-05:00';
    if (name === 'timezone') return 'America/New_York';
    if (name === 'body') return 'Hello {{ client_first_name }}';
    return `Fuzz ${name}`;
  }

  /** Sends one request and records it if the answer breaks the contract. */
  async function send(
    op: Operation,
    what: string,
    build: (r: request.Test) => request.Test,
    path = fillPath(op),
  ): Promise<void> {
    sentCount++;
    const agent = request(t.url);
    let req = agent[op.method](path);
    if (!RATE_LIMITED.test(op.path)) req = req.set('Authorization', `Bearer ${tokenFor(op.path)}`);
    // Each request from its own address, so the per-IP sign-in limits count nothing across the run.
    req = req.set('X-Forwarded-For', `10.${(sentCount >> 16) & 255}.${(sentCount >> 8) & 255}.${sentCount & 255}`);
    let res: request.Response;
    const begun = Date.now();
    try {
      res = await build(req);
      const key = `${op.method} ${op.path}`;
      timeByOperation.set(key, (timeByOperation.get(key) ?? 0) + Date.now() - begun);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    } catch (error) {
      failures.push({ method: op.method, template: op.path, path, what, status: 0, body: String(error) });
      return;
    }
    const problem = contractProblem(res);
    if (problem) failures.push({ method: op.method, template: op.path, path, what, status: res.status, body: problem });
  }

  const json = (value: unknown) => (r: request.Test) =>
    r.set('Content-Type', 'application/json').send(JSON.stringify(value));

  it('answers hostile body fields without a 5xx, with the contract error body', async () => {
    for (const op of operations.filter((o) => o.body)) {
      const schema = op.body!;
      const fields = Object.keys(schema.properties ?? {});
      const limited = RATE_LIMITED.test(op.path);
      // Bodies that hash a password when valid cost a quarter of a second each (scrypt): a share of the fixed values, in turn.
      const share = limited ? 15 : fields.some((f) => /password/i.test(f)) ? 5 : 1;
      const base = validBody(schema);
      await send(op, 'valid body', json(base));
      for (const [f, field] of fields.entries()) {
        const fixed = HOSTILE_JSON.filter((_, i) => i % share === f % share);
        const random = fc.sample(hostileJson(), { seed: SEED + f, numRuns: share === 1 ? RANDOM_PER_FIELD : 1 });
        for (const value of [...fixed, ...random]) {
          await send(op, `${field} = ${preview(value)}`, json({ ...validBody(schema), [field]: value }));
        }
      }
      // The body itself of another shape, and a property nobody knows.
      for (const value of limited
        ? [[], 'x']
        : [[], [base], 'x', 1, true, { ...base, [`x${randomUUID().slice(0, 4)}`]: 1 }]) {
        await send(op, `body = ${preview(value)}`, json(value));
      }
    }
  }, 300_000);

  it('answers raw bodies: malformed JSON, wrong content types, encodings, huge and deep bodies', async () => {
    for (const op of operations.filter((o) => o.method !== 'get' && !RATE_LIMITED.test(o.path) && !destructive(o))) {
      for (const raw of RAW_BODIES) {
        await send(op, raw.what, (r) => {
          let req = r.set('Content-Type', raw.contentType);
          for (const [name, value] of Object.entries(raw.headers ?? {})) req = req.set(name, value);
          return req.send(raw.body);
        });
      }
    }
  });

  it('answers malformed path ids and query strings', async () => {
    for (const op of operations) {
      const limited = RATE_LIMITED.test(op.path);
      for (const param of op.parameters.filter((p) => p.in === 'path')) {
        for (const raw of [
          ...HOSTILE_PATH_IDS,
          ...fc.sample(hostileText(), { seed: SEED, numRuns: 8 }).map(percentEncoded),
        ]) {
          await send(op, `path ${param.name} = ${preview(raw)}`, (r) => r, fillPath(op, { name: param.name, raw }));
        }
      }
      if (limited || destructive(op)) continue;
      const queryNames = [...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'unknown'];
      for (const name of queryNames) {
        for (const raw of [
          ...HOSTILE_QUERY_VALUES,
          ...fc.sample(hostileText(), { seed: SEED + 1, numRuns: 8 }).map(percentEncoded),
        ]) {
          const query = raw.startsWith('&') || raw.startsWith('[') ? `${name}${raw}` : `${name}=${raw}`;
          await send(op, `query ${query.slice(0, 80)}`, (r) => r, `${fillPath(op)}?${query}`);
        }
      }
      for (const header of op.parameters.filter((p) => p.in === 'header')) {
        for (const value of ['', ' ', 'x'.repeat(300), 'x'.repeat(9000), '\u00ff\u00fe', 'a\tb']) {
          await send(op, `header ${header.name} = ${preview(value)}`, (r) => json({})(r.set(header.name, value)));
        }
      }
    }
  });

  it('answers routes it does not know, and destructive operations last, the same way', async () => {
    const unknown: Operation = { method: 'get', path: '/api/v1/nothing-here', parameters: [], body: null };
    for (const method of ['get', 'post', 'patch', 'put', 'delete'] as const) {
      await send({ ...unknown, method }, 'unknown route', json({ a: 1 }));
      await send({ ...unknown, method, path: '/api/v1/events' }, 'unknown method', json({ a: 1 }));
    }
    // Deletes and logouts ran above with hostile ids only; now raw bodies (refused, so nothing ends), then valid twice.
    for (const op of operations.filter(destructive)) {
      const fresh = !/\/logout$/.test(op.path)
        ? tokenFor(op.path)
        : op.path.startsWith('/api/v1/portal/')
          ? await portalLogin(t, spareClient)
          : await login(t, spare.email, spare.password);
      const as = (r: request.Test) => r.set('Authorization', `Bearer ${fresh}`);
      for (const raw of RAW_BODIES.filter((b) => /JSON|proto|form/.test(b.what))) {
        await send(op, raw.what, (r) => as(r).set('Content-Type', raw.contentType).send(raw.body));
      }
      await send(op, '__proto__ body', (r) =>
        as(r).set('Content-Type', 'application/json').send('{"__proto__":{"a":1}}'),
      );
      for (let i = 0; i < 2; i++) await send(op, 'valid', as);
    }
  });

  it('broke no contract, and the app still answers /health', async () => {
    const distinct = new Map<string, Failure>();
    for (const f of failures) distinct.set(`${f.method} ${f.template} ${f.what.split(' = ')[0]} ${f.status}`, f);
    expect(
      [...distinct.values()]
        .slice(0, 40)
        .map((f) => `${f.method.toUpperCase()} ${f.path.slice(0, 120)} [${f.what}] -> ${String(f.body).slice(0, 160)}`),
    ).toEqual([]);
    const health = await request(t.url).get('/health');
    expect(health.status).toBe(200);
    expect(sentCount).toBeGreaterThan(2000);
    // FUZZ_STATS=1 prints where the time went and what the app answered.
    if (process.env.FUZZ_STATS)
      console.log(
        [...timeByOperation].sort((a, b) => b[1] - a[1]).slice(0, 12),
        sentCount,
        [...statuses].sort((a, b) => a[0] - b[0]),
      );
  });
});

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

function readOperations(doc: OpenApi): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | null => {
    if (!schema) return null;
    if (schema.$ref) return doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? null;
    return schema;
  };
  const all: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
      const parameters = (op.parameters ?? []).filter((p): p is Operation['parameters'][number] =>
        ['path', 'query', 'header'].includes(p.in),
      );
      all.push({
        method: method as Operation['method'],
        path,
        parameters,
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
      });
    }
  }
  // Zoom's webhook is left out of the document (Zoom calls it, not our clients); it takes bodies all the same.
  all.push({
    method: 'post',
    path: '/api/v1/integrations/zoom/webhook',
    parameters: [],
    body: { type: 'object', properties: { event: { type: 'string' }, payload: { type: 'object' } } },
  });
  return all;
}

/** What is wrong with an answer under the contract, or null. */
function contractProblem(res: request.Response): string | null {
  if (res.status >= 500) return `status ${res.status}: ${JSON.stringify(res.body)}`;
  if (res.status < 400) return null;
  const body = res.body as Record<string, unknown>;
  if (body?.statusCode !== res.status)
    return `statusCode ${String(body?.statusCode)} in a ${res.status}: ${res.text.slice(0, 200)}`;
  if (
    typeof body.code !== 'string' ||
    typeof body.message !== 'string' ||
    typeof body.correlationId !== 'string' ||
    !body.correlationId
  ) {
    return `not the error body: ${res.text.slice(0, 200)}`;
  }
  if (body.code === 'validation_failed') {
    const errors = body.errors as Array<{ field?: unknown; message?: unknown }> | undefined;
    if (
      !Array.isArray(errors) ||
      errors.length === 0 ||
      errors.some((e) => typeof e.field !== 'string' || typeof e.message !== 'string')
    ) {
      return `validation_failed without errors[]: ${res.text.slice(0, 200)}`;
    }
  }
  return null;
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…(${text.length})` : text;
}
