import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventInput } from './factories/case-events.factory.js';
import { createCase, createClient, signupFirm, type StaffMember } from './factories/identity.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** api.md, Conventions: an unknown JSON property is 400 validation_failed naming it; __proto__ and constructor are no exception. */
describe('__proto__ and constructor keys (e2e)', () => {
  let t: TestApp;
  let owner: StaffMember;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signupFirm(t);
    caseId = (await createCase(t, owner, [(await createClient(t, owner)).id])).id;
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = () => ({ Authorization: `Bearer ${owner.token}` });
  /** Raw JSON text: JSON.stringify of an object literal would not keep a __proto__ key. */
  const withKey = (key: string, value: string, at: 'top' | 'nested' | 'array'): string => {
    const valid = JSON.stringify(eventInput()).slice(1, -1);
    if (at === 'top') return `{${valid},"${key}":${value}}`;
    if (at === 'nested') return `{${valid},"location":{"${key}":${value}}}`;
    return `{${valid},"staffIds":[{"${key}":${value}}]}`;
  };
  const FIELD = {
    top: (k: string) => k,
    nested: (k: string) => `location.${k}`,
    array: (k: string) => `staffIds.0.${k}`,
  };

  describe.each(['__proto__', 'constructor'])('%s', (key) => {
    it.each(['top', 'nested', 'array'] as const)(
      'is refused by name at the %s level of a body, and nothing is created',
      async (at) => {
        for (const value of ['{"sharedWithClients":true}', '{"prototype":{"polluted":true}}', '"x"', 'null', '[]']) {
          const res = await t
            .http()
            .post(`/api/v1/cases/${caseId}/events`)
            .set(auth())
            .set('Content-Type', 'application/json')
            .send(withKey(key, value, at));
          expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
          expect(res.body.errors).toEqual(
            expect.arrayContaining([{ field: FIELD[at](key), message: expect.any(String) }]),
          );
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }
        const timeline = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth());
        expect(timeline.body.items).toEqual([]);
      },
    );

    it('is refused on a body of every kind: a patch, a route that takes no body, sign-in', async () => {
      const client = await createClient(t, owner);
      const patch = await t
        .http()
        .patch(`/api/v1/clients/${client.id}`)
        .set(auth())
        .set('Content-Type', 'application/json')
        .send(`{"firstName":"Eve","${key}":{"firstName":"Mallory"}}`);
      expect({ status: patch.status, code: patch.body.code, errors: patch.body.errors }).toEqual({
        status: 400,
        code: 'validation_failed',
        errors: [{ field: key, message: expect.any(String) }],
      });
      const noBody = await t
        .http()
        .post('/api/v1/portal/calendar-feed')
        .set(auth())
        .set('Content-Type', 'application/json')
        .send(`{"${key}":{}}`);
      expect({ status: noBody.status, code: noBody.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"a@b.c","password":"x","${key}":{}}`);
      expect({ status: login.status, code: login.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      const read = await t.http().get(`/api/v1/clients/${client.id}`).set(auth());
      expect(read.body.firstName).toBe('Carla');
    });

    it('is refused in a query string too', async () => {
      const res = await t.http().get(`/api/v1/cases/${caseId}/events?${key}=1`).set(auth());
      expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
        status: 400,
        code: 'validation_failed',
        errors: [{ field: key, message: expect.any(String) }],
      });
    });
  });
});

describe('Forged list cursors (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses a cursor whose time is outside 1900–2199 with 400 naming cursor, on every database', async () => {
    const owner = await signupFirm(t);
    const caseId = (await createCase(t, owner, [(await createClient(t, owner)).id])).id;
    for (const at of ['+275760-09-13T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '2200-01-01T00:00:00.000Z']) {
      const cursor = Buffer.from(JSON.stringify([at, '00000000-0000-4000-8000-000000000000'])).toString('base64url');
      const res = await t
        .http()
        .get(`/api/v1/cases/${caseId}/events`)
        .query({ cursor })
        .set({ Authorization: `Bearer ${owner.token}` });
      expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'cursor', message: expect.any(String) }],
      });
    }
  });
});
