import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addMember,
  login,
  randomIp,
  signupFirm,
  strongPassword,
  type StaffMember,
} from './factories/identity.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Issue 11, item 2: the team (GET /users, PATCH /users/:id) and POST /me/password. */
describe('Team and password (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (s: StaffMember | string) => ({ Authorization: `Bearer ${typeof s === 'string' ? s : s.token}` });
  const me = (token: string) =>
    t
      .http()
      .get('/api/v1/me')
      .set(auth(token))
      .then((r) => r.status);
  const users = (s: StaffMember, query = '') => t.http().get(`/api/v1/users${query}`).set(auth(s));
  const patch = (s: StaffMember, id: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/users/${id}`).set(auth(s)).send(body);
  const changePassword = (token: string, body: Record<string, unknown>) =>
    t.http().post('/api/v1/me/password').set(auth(token)).send(body);

  describe('GET /users', () => {
    it("lists the firm's current members oldest first, in pages of the list answer, and nobody of another firm", async () => {
      const owner = await signupFirm(t);
      const members = [
        await addMember(t, owner),
        await addMember(t, owner, ['team_settings']),
        await addMember(t, owner),
      ];
      await signupFirm(t);
      const all = await users(owner);
      expect(all.status).toBe(200);
      expect(all.body).toEqual({
        items: [owner, ...members].map((m) => ({
          id: m.user.id,
          firmId: owner.user.firmId,
          name: m.user.name,
          email: m.email,
          permissions: m.user.permissions,
        })),
        nextCursor: null,
      });

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await users(members[0]!, `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items).toHaveLength(1);
        seen.push(...(page.body.items as Array<{ id: string }>).map((u) => u.id));
        cursor = page.body.nextCursor as string | null;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual([owner, ...members].map((m) => m.user.id));
      expect(pages).toBe(4);
    });

    it('refuses a bad limit, cursor or removed value with 400 naming the field', async () => {
      const owner = await signupFirm(t);
      for (const [query, field] of [
        ['?limit=0', 'limit'],
        ['?limit=501', 'limit'],
        ['?cursor=nonsense', 'cursor'],
        ['?removed=yes', 'removed'],
      ]) {
        const res = await users(owner, query);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ field })] });
      }
      await expect(users(owner, '?limit=500&removed=false').then((r) => r.status)).resolves.toBe(200);
    });

    it('needs a staff session', async () => {
      await expect(
        t
          .http()
          .get('/api/v1/users')
          .then((r) => r.status),
      ).resolves.toBe(401);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes name and permissions (team_settings only) and answers the user', async () => {
      const owner = await signupFirm(t);
      const member = await addMember(t, owner);
      const res = await patch(owner, member.user.id, { name: '  Mia Member ', permissions: ['team_settings'] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: member.user.id,
        firmId: owner.user.firmId,
        name: 'Mia Member',
        email: member.email,
        permissions: ['team_settings'],
      });
      await expect(
        t
          .http()
          .get('/api/v1/me')
          .set(auth(member))
          .then((r) => r.body.user),
      ).resolves.toEqual(res.body);
      // Only the fields named change.
      await expect(patch(owner, member.user.id, { permissions: [] }).then((r) => r.body)).resolves.toMatchObject({
        name: 'Mia Member',
        permissions: [],
      });

      const plain = await addMember(t, owner);
      const refused = await patch(plain, member.user.id, { name: 'Nope' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('team_settings_required');
    });

    it('refuses null, unknown permissions and unknown fields with 400', async () => {
      const owner = await signupFirm(t);
      for (const body of [
        { name: null },
        { permissions: null },
        { permissions: ['root'] },
        { name: '' },
        { email: 'x@example.test' },
      ]) {
        const res = await patch(owner, owner.user.id, body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
      }
    });

    it('never takes team_settings from the last member who has it: 409 last_team_admin', async () => {
      const owner = await signupFirm(t);
      const member = await addMember(t, owner);
      const res = await patch(owner, owner.user.id, { permissions: [] });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'last_team_admin' });
      await expect(users(owner).then((r) => r.body.items[0].permissions)).resolves.toEqual(['team_settings']);
      // With a second admin the first may step down; the last one then may not.
      await expect(
        patch(owner, member.user.id, { permissions: ['team_settings'] }).then((r) => r.status),
      ).resolves.toBe(200);
      await expect(patch(owner, owner.user.id, { permissions: [] }).then((r) => r.status)).resolves.toBe(200);
      await expect(patch(member, member.user.id, { permissions: [] }).then((r) => r.body.code)).resolves.toBe(
        'last_team_admin',
      );
      // A rename of the last admin is fine.
      await expect(patch(member, member.user.id, { name: 'Still Admin' }).then((r) => r.status)).resolves.toBe(200);
    });

    it('keeps one admin when two admins demote each other at the same moment', async () => {
      const owner = await signupFirm(t);
      for (let round = 0; round < 8; round++) {
        const a = await addMember(t, owner, ['team_settings']);
        const b = await addMember(t, owner, ['team_settings']);
        // The owner steps down for the round, so a and b are the only admins.
        await expect(patch(owner, owner.user.id, { permissions: [] }).then((r) => r.status)).resolves.toBe(200);
        const [ab, ba] = await Promise.all([
          patch(a, b.user.id, { permissions: [] }),
          patch(b, a.user.id, { permissions: [] }),
        ]);
        expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
        expect([ab, ba].find((r) => r.status !== 200)!.body.code).toMatch(/^(last_team_admin|team_settings_required)$/);
        const admins = (await users(a).then((r) => r.body.items as Array<{ permissions: string[] }>)).filter((u) =>
          u.permissions.includes('team_settings'),
        );
        expect(admins).toHaveLength(1);
        // The survivor hands back to the owner and steps down, so the next round starts with the owner alone.
        const admin = ab.status === 200 ? a : b;
        await expect(
          patch(admin, owner.user.id, { permissions: ['team_settings'] }).then((r) => r.status),
        ).resolves.toBe(200);
        await expect(patch(owner, admin.user.id, { permissions: [] }).then((r) => r.status)).resolves.toBe(200);
      }
    });
  });

  describe('POST /me/password', () => {
    it("kills every other session of the caller at once, keeps the caller's, and the new password signs in", async () => {
      const owner = await signupFirm(t);
      const member = await addMember(t, owner);
      const otherSession = await login(t, member.email, member.password);
      const ownerBefore = owner.token;
      const newPassword = strongPassword();
      t.secrets.add(newPassword);
      const res = await changePassword(member.token, { currentPassword: member.password, newPassword });
      expect(res.status).toBe(204);
      await expect(me(member.token)).resolves.toBe(200);
      await expect(me(otherSession)).resolves.toBe(401);
      // Nobody else's sessions are touched.
      await expect(me(ownerBefore)).resolves.toBe(200);
      const old = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', randomIp())
        .send({ email: member.email, password: member.password });
      expect(old.status).toBe(401);
      await expect(login(t, member.email, newPassword)).resolves.toMatch(/^mlls_/);
    });

    it('answers a wrong current password with 403 wrong_password and changes nothing', async () => {
      const owner = await signupFirm(t);
      const other = await login(t, owner.email, owner.password);
      const res = await changePassword(owner.token, {
        currentPassword: 'not-the-password',
        newPassword: strongPassword(),
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'wrong_password' });
      await expect(me(other)).resolves.toBe(200);
      await expect(login(t, owner.email, owner.password)).resolves.toMatch(/^mlls_/);
    });

    it('holds the new password to the sign-up minimum and needs both fields', async () => {
      const owner = await signupFirm(t);
      for (const body of [
        { currentPassword: owner.password, newPassword: 'short-11chr' },
        { newPassword: strongPassword() },
        { currentPassword: owner.password },
      ]) {
        const res = await changePassword(owner.token, body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
      }
      await expect(
        changePassword('mlls_not-a-token', { currentPassword: owner.password, newPassword: strongPassword() }).then(
          (r) => r.status,
        ),
      ).resolves.toBe(401);
    });

    it('limits guesses: the 11th attempt in an hour is 429 with Retry-After', async () => {
      const owner = await signupFirm(t);
      for (let i = 0; i < 10; i++) {
        await expect(
          changePassword(owner.token, { currentPassword: `guess-${i}-xxxxxx`, newPassword: strongPassword() }).then(
            (r) => r.status,
          ),
        ).resolves.toBe(403);
      }
      const limited = await changePassword(owner.token, {
        currentPassword: owner.password,
        newPassword: strongPassword(),
      });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('answers a member of another firm exactly as a missing one: 404 not_found on PATCH and DELETE', async () => {
    const owner = await signupFirm(t);
    const stranger = await signupFirm(t);
    const strangerMember = await addMember(t, stranger);
    for (const id of [stranger.user.id, strangerMember.user.id, '00000000-0000-4000-8000-000000000000']) {
      const patched = await patch(owner, id, { name: 'Taken Over' });
      expect(patched.status).toBe(404);
      expect(patched.body.code).toBe('not_found');
      const deleted = await t.http().delete(`/api/v1/users/${id}`).set(auth(owner));
      expect(deleted.status).toBe(404);
      expect(deleted.body.code).toBe('not_found');
    }
    await expect(me(stranger.token)).resolves.toBe(200);
    await expect(me(strangerMember.token)).resolves.toBe(200);
    await expect(users(stranger).then((r) => r.body.items.map((u: { name: string }) => u.name))).resolves.toEqual([
      'Olivia Owner',
      'Max Member',
    ]);
  });
});
