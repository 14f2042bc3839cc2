import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { resolveDataSourceOptions } from '../src/database/data-source-options.js';
import { runMigrations } from '../src/database/run-migrations.js';
import { SearchAndMembership1765400000000 } from '../migrations/1765400000000-SearchAndMembership.js';
import { SearchListIndex1765600000000 } from '../migrations/1765600000000-SearchListIndex.js';
import { createPortalFeed, fetchFeed } from './factories/calendar-feed.factory.js';
import {
  createCase,
  createClient,
  portalLogin,
  signupFirm,
  strongPassword,
  type StaffMember,
} from './factories/identity.factory.js';
import { createContactClient } from './factories/reminders.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createEmptyDatabase } from './support/test-database.js';

describe('Clients and cases: lists, search, and the end of portal access (e2e)', () => {
  let t: TestApp;
  const auth = (staff: StaffMember) => ({ Authorization: `Bearer ${staff.token}` });
  const clientsMatching = async (staff: StaffMember, q: string): Promise<string[]> => {
    const res = await t.http().get('/api/v1/clients').query({ q, limit: 500 }).set(auth(staff));
    expect(res.status).toBe(200);
    return res.body.items.map((c: { id: string }) => c.id);
  };
  const casesMatching = async (staff: StaffMember, q: string): Promise<string[]> => {
    const res = await t.http().get('/api/v1/cases').query({ q, limit: 500 }).set(auth(staff));
    expect(res.status).toBe(200);
    return res.body.items.map((c: { id: string }) => c.id);
  };

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('portal access', () => {
    it("portalPassword: null ends the client's sessions (401) and portal feed (404) at once", async () => {
      const staff = await signupFirm(t);
      const client = await createClient(t, staff);
      const token = await portalLogin(t, client);
      const second = await portalLogin(t, client);
      const feed = await createPortalFeed(t, token);
      await t
        .http()
        .get('/api/v1/portal/me')
        .set({ Authorization: `Bearer ${token}` })
        .expect(200);
      expect((await fetchFeed(t, feed.url)).status).toBe(200);

      const res = await t
        .http()
        .patch(`/api/v1/clients/${client.id}`)
        .set(auth(staff))
        .send({ portalPassword: null })
        .expect(200);
      expect(res.body.portalAccess).toBe(false);
      for (const session of [token, second])
        await t
          .http()
          .get('/api/v1/portal/events')
          .set({ Authorization: `Bearer ${session}` })
          .expect(401);
      const dead = await fetchFeed(t, feed.url);
      expect([dead.status, JSON.parse(dead.body as string).code]).toEqual([404, 'not_found']);
      await t
        .http()
        .post('/api/v1/portal/auth/login')
        .send({ email: client.email, password: client.password, firmId: client.firmId })
        .expect(401);
      // The email is free for another client of the firm to have portal access.
      await createClient(t, staff, { email: client.email });
    });

    it('a new portalPassword ends every session but keeps the feed URL', async () => {
      const staff = await signupFirm(t);
      const client = await createClient(t, staff);
      const token = await portalLogin(t, client);
      const feed = await createPortalFeed(t, token);
      const password = strongPassword();
      t.secrets.add(password);
      await t
        .http()
        .patch(`/api/v1/clients/${client.id}`)
        .set(auth(staff))
        .send({ portalPassword: password })
        .expect(200);
      await t
        .http()
        .get('/api/v1/portal/me')
        .set({ Authorization: `Bearer ${token}` })
        .expect(401);
      expect((await fetchFeed(t, feed.url)).status).toBe(200);
      const fresh = await portalLogin(t, { ...client, password });
      await t
        .http()
        .get('/api/v1/portal/me')
        .set({ Authorization: `Bearer ${fresh}` })
        .expect(200);
      // Other edits leave sessions alone.
      await t.http().patch(`/api/v1/clients/${client.id}`).set(auth(staff)).send({ lastName: 'Renamed' }).expect(200);
      await t
        .http()
        .get('/api/v1/portal/me')
        .set({ Authorization: `Bearer ${fresh}` })
        .expect(200);
    });
  });

  describe('search', () => {
    it('folds case and accents alike on both databases, finds "first last" and email, and never another firm\'s clients', async () => {
      const staff = await signupFirm(t);
      const other = await signupFirm(t);
      const jose = await createContactClient(t, staff, { firstName: 'José', lastName: 'Álvarez', email: null });
      const elodie = await createContactClient(t, staff, {
        firstName: 'élodie',
        lastName: 'Straße',
        email: `Elodie.${randomUUID().slice(0, 6)}@Example.test`,
      });
      const plain = await createContactClient(t, staff, { firstName: 'Joseph', lastName: 'Plain' });
      await createContactClient(t, other, { firstName: 'José', lastName: 'Álvarez' });

      await expect(clientsMatching(staff, 'jose')).resolves.toEqual([jose.id, plain.id]);
      await expect(clientsMatching(staff, 'JOSÉ ÁLVAREZ')).resolves.toEqual([jose.id]);
      await expect(clientsMatching(staff, '  jose   alvarez ')).resolves.toEqual([jose.id]);
      await expect(clientsMatching(staff, 'ÉLODIE')).resolves.toEqual([elodie.id]);
      await expect(clientsMatching(staff, 'elodie strasse')).resolves.toEqual([elodie.id]);
      await expect(clientsMatching(staff, elodie.email!.toUpperCase())).resolves.toEqual([elodie.id]);
      await expect(clientsMatching(staff, 'example.test')).resolves.toEqual([elodie.id, plain.id]);
      await expect(clientsMatching(staff, 'nobody')).resolves.toEqual([]);
      // A rename is searchable at once, and the old name no longer is.
      await t.http().patch(`/api/v1/clients/${plain.id}`).set(auth(staff)).send({ firstName: 'Zoë' }).expect(200);
      await expect(clientsMatching(staff, 'zoe plain')).resolves.toEqual([plain.id]);
      await expect(clientsMatching(staff, 'joseph')).resolves.toEqual([]);
      // An empty q is no filter.
      await expect(clientsMatching(staff, '')).resolves.toEqual([jose.id, elodie.id, plain.id]);
    });

    it('matches %, _ and backslash literally, and refuses a q over 100 characters naming q', async () => {
      const staff = await signupFirm(t);
      const percent = await createContactClient(t, staff, { firstName: '100%', lastName: 'Sure' });
      const underscore = await createContactClient(t, staff, { firstName: 'Under_score', lastName: 'Smith' });
      const backslash = await createContactClient(t, staff, { firstName: 'Back\\slash', lastName: 'Smith' });
      const bang = await createContactClient(t, staff, { firstName: 'Bang!', lastName: 'Smith' });
      await createContactClient(t, staff, { firstName: 'Plain', lastName: 'Person' });

      await expect(clientsMatching(staff, '%')).resolves.toEqual([percent.id]);
      await expect(clientsMatching(staff, '0%')).resolves.toEqual([percent.id]);
      await expect(clientsMatching(staff, '_')).resolves.toEqual([underscore.id]);
      await expect(clientsMatching(staff, 'r_s')).resolves.toEqual([underscore.id]);
      await expect(clientsMatching(staff, '\\')).resolves.toEqual([backslash.id]);
      await expect(clientsMatching(staff, 'k\\s')).resolves.toEqual([backslash.id]);
      await expect(clientsMatching(staff, '!')).resolves.toEqual([bang.id]);
      await expect(clientsMatching(staff, "'")).resolves.toEqual([]);

      await expect(clientsMatching(staff, 'x'.repeat(100))).resolves.toEqual([]);
      for (const path of ['/api/v1/clients', '/api/v1/cases']) {
        const long = await t
          .http()
          .get(path)
          .query({ q: '%'.repeat(101) })
          .set(auth(staff));
        expect([long.status, long.body.code, long.body.errors?.[0]?.field]).toEqual([400, 'validation_failed', 'q']);
        const twice = await t.http().get(`${path}?q=a&q=b`).set(auth(staff));
        expect([twice.status, twice.body.errors?.[0]?.field]).toEqual([400, 'q']);
      }
    });

    it('searches case titles the same way, and lists cases with their members', async () => {
      const staff = await signupFirm(t);
      const other = await signupFirm(t);
      const client = await createContactClient(t, staff);
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set(auth(staff))
        .send({ title: 'Estate of Ñúñez — 50% share', clientIds: [client.id], staffIds: [staff.user.id] })
        .expect(201);
      const plainCase = await createCase(t, staff, []);
      await t
        .http()
        .post('/api/v1/cases')
        .set(auth(other))
        .send({ title: 'Estate of Ñúñez', clientIds: [] })
        .expect(201);

      await expect(casesMatching(staff, 'NUNEZ')).resolves.toEqual([res.body.id]);
      await expect(casesMatching(staff, '50%')).resolves.toEqual([res.body.id]);
      await expect(casesMatching(staff, '%')).resolves.toEqual([res.body.id]);
      await t
        .http()
        .patch(`/api/v1/cases/${plainCase.id}`)
        .set(auth(staff))
        .send({ title: 'Ñúñez appeal' })
        .expect(200);
      await expect(casesMatching(staff, 'nunez')).resolves.toEqual([res.body.id, plainCase.id]);
      const listed = await t.http().get('/api/v1/cases').set(auth(staff)).expect(200);
      expect(listed.body).toEqual({
        items: [
          {
            id: res.body.id,
            firmId: staff.user.firmId,
            title: 'Estate of Ñúñez — 50% share',
            clientIds: [client.id],
            staffIds: [staff.user.id],
            createdBy: staff.user.id,
            createdAt: res.body.createdAt,
          },
          expect.objectContaining({ id: plainCase.id, title: 'Ñúñez appeal', clientIds: [], staffIds: [] }),
        ],
        nextCursor: null,
      });
    });

    it('pages oldest first with cursor and limit, the filter applied on every page', async () => {
      const staff = await signupFirm(t);
      const made: string[] = [];
      for (let i = 0; i < 7; i++) {
        made.push(
          (await createContactClient(t, staff, { firstName: i % 2 ? 'Ana' : 'Bea', lastName: `Müller ${i}` })).id,
        );
      }
      const pageThrough = async (path: string, query: Record<string, unknown>) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const res = await t
            .http()
            .get(path)
            .query({ ...query, ...(cursor ? { cursor } : {}) })
            .set(auth(staff))
            .expect(200);
          expect(res.body.items.length).toBeLessThanOrEqual(query.limit as number);
          seen.push(...res.body.items.map((c: { id: string }) => c.id));
          cursor = res.body.nextCursor ?? undefined;
          if (!cursor) return seen;
        }
        throw new Error('too many pages');
      };
      await expect(pageThrough('/api/v1/clients', { limit: 2 })).resolves.toEqual(made);
      await expect(pageThrough('/api/v1/clients', { limit: 2, q: 'MULLER' })).resolves.toEqual(made);
      await expect(pageThrough('/api/v1/clients', { limit: 1, q: 'ana' })).resolves.toEqual(
        made.filter((_, i) => i % 2),
      );
      for (const query of [{ limit: 0 }, { limit: 501 }, { cursor: 'forged' }]) {
        await expect(t.http().get('/api/v1/clients').query(query).set(auth(staff))).resolves.toMatchObject({
          status: 400,
        });
      }
      const defaultPage = await t.http().get('/api/v1/clients').set(auth(staff)).expect(200);
      expect(defaultPage.body).toEqual({ items: expect.any(Array), nextCursor: null });
    });
  });

  describe('tenancy', () => {
    it("another firm's client or case is 404 on every route, and never in a list", async () => {
      const staff = await signupFirm(t);
      const outsider = await signupFirm(t);
      const theirClient = await createContactClient(t, outsider, { firstName: 'Hidden' });
      const theirCase = await createCase(t, outsider, [theirClient.id]);
      for (const req of [
        t.http().get(`/api/v1/clients/${theirClient.id}`),
        t.http().patch(`/api/v1/clients/${theirClient.id}`).send({ portalPassword: null }),
        t.http().get(`/api/v1/cases/${theirCase.id}`),
        t.http().patch(`/api/v1/cases/${theirCase.id}`).send({ clientIds: [] }),
      ]) {
        await expect(req.set(auth(staff))).resolves.toMatchObject({ status: 404, body: { code: 'not_found' } });
      }
      const clients = await t.http().get('/api/v1/clients').set(auth(staff)).expect(200);
      const cases = await t.http().get('/api/v1/cases').set(auth(staff)).expect(200);
      expect([clients.body, cases.body]).toEqual([
        { items: [], nextCursor: null },
        { items: [], nextCursor: null },
      ]);
      await expect(t.http().get(`/api/v1/cases/${theirCase.id}`).set(auth(outsider))).resolves.toMatchObject({
        body: { clientIds: [theirClient.id] },
      });
    });
  });

  it('migration 1765400000000 fills searchText of the rows already there', async () => {
    const { url, drop } = await createEmptyDatabase();
    const dataSource = await new DataSource(await resolveDataSourceOptions(url)).initialize();
    try {
      await runMigrations(dataSource);
      const migration = new SearchAndMembership1765400000000();
      const runner = dataSource.createQueryRunner();
      // The later migration that reshapes the same index and column goes first.
      await new SearchListIndex1765600000000().down(runner);
      await migration.down(runner);
      const at = '2026-01-01 00:00:00.000';
      await runner.query(
        'INSERT INTO clients (id, firmId, firstName, lastName, email, smsOptIn, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 0, ?, ?)',
        [randomUUID(), randomUUID(), 'JOSÉ', 'Ñúñez', 'jose@x.test', at, at],
      );
      await runner.query('INSERT INTO cases (id, firmId, title, createdBy, createdAt) VALUES (?, ?, ?, ?, ?)', [
        randomUUID(),
        randomUUID(),
        'Straße  Élan',
        randomUUID(),
        at,
      ]);
      await migration.up(runner);
      await expect(runner.query('SELECT searchText FROM clients')).resolves.toEqual([
        { searchText: 'jose nunez jose@x.test' },
      ]);
      await expect(runner.query('SELECT searchText FROM cases')).resolves.toEqual([{ searchText: 'strasse elan' }]);
      await runner.release();
    } finally {
      await dataSource.destroy();
      await drop();
    }
  });
});
