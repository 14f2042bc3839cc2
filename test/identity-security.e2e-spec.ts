import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../src/common/clock.js';
import { PasswordHasher } from '../src/common/crypto/password-hasher.js';
import { SecretBox } from '../src/common/crypto/secret-box.js';
import type { AppConfig } from '../src/config/app-config.js';
import { Claim } from '../src/common/claims/claim.entity.js';
import { RateLimitWindow } from '../src/common/rate-limit/rate-limit-window.entity.js';
import { Client } from '../src/identity/entities/client.entity.js';
import { StaffUser } from '../src/identity/entities/staff-user.entity.js';
import { Session } from '../src/identity/entities/session.entity.js';
import { ZoomCredential } from '../src/integrations/zoom/zoom-credential.entity.js';
import { ZoomOAuthState } from '../src/integrations/zoom/zoom-oauth-state.entity.js';
import { ExpiredRecordsJob } from '../src/maintenance/expired-records.job.js';
import {
  createClient,
  login,
  portalLogin,
  signupFirm,
  strongPassword,
  uniqueEmail,
} from './factories/identity.factory.js';
import { fromAddress, randomLoopbackAddress } from './support/client-address.js';
import { MovableClock } from './support/movable-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const APP_URL = 'http://app.mll.test:3000';
const HOUR_MS = 3_600_000;

const signupBody = (overrides: Record<string, unknown> = {}) => ({
  firmName: `Firm ${randomUUID().slice(0, 6)}`,
  name: 'Sam Signup',
  email: uniqueEmail('signup'),
  password: strongPassword(),
  ...overrides,
});

describe('Identity under attack (e2e)', () => {
  let t: TestApp;
  const clock = new MovableClock();

  beforeAll(async () => {
    t = await createTestApp({
      env: { APP_URL },
      customize: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('sign-up limit per IP', () => {
    it('allows 20 attempts that pass validation per address in an hour, then 429 with Retry-After; refused and invalid attempts do not count', async () => {
      const address = randomLoopbackAddress();
      const from = () => fromAddress(address);
      // Invalid attempts (a short password) are not counted: they never reach a hash.
      for (let i = 0; i < 5; i += 1) {
        await t
          .http()
          .post('/api/v1/auth/signup')
          .agent(from())
          .send(signupBody({ password: 'short' }))
          .expect(400);
      }
      const first = await signupFirm(t);
      // A taken email counts (it passed validation), and costs no hash.
      for (let i = 0; i < 20; i += 1) {
        const res = await t
          .http()
          .post('/api/v1/auth/signup')
          .agent(from())
          .send(signupBody({ email: first.email }));
        expect(res.status).toBe(409);
      }
      const refused = await t.http().post('/api/v1/auth/signup').agent(from()).send(signupBody());
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
      // Another address is not held up by this one.
      await t
        .http()
        .post('/api/v1/auth/signup')
        .agent(fromAddress())
        .send(signupBody({ email: first.email }))
        .expect(409);

      // Half an hour on, more refusals; an hour after the first 20, the window has passed, and the
      // refusals made meanwhile did not count: 20 more fit.
      clock.offsetMs += HOUR_MS / 2;
      for (let i = 0; i < 10; i += 1)
        await t.http().post('/api/v1/auth/signup').agent(from()).send(signupBody()).expect(429);
      clock.offsetMs += HOUR_MS / 2 + 60_000;
      for (let i = 0; i < 20; i += 1) {
        const res = await t
          .http()
          .post('/api/v1/auth/signup')
          .agent(from())
          .send(signupBody({ email: first.email }));
        expect(res.status).toBe(409);
      }
      await t.http().post('/api/v1/auth/signup').agent(from()).send(signupBody()).expect(429);
    });
  });

  describe('per-email and per-IP sign-in limits', () => {
    it("counts case, accent and width variants of one email as one (as MySQL's collation holds them)", async () => {
      const variants = [
        'dana.doe@example.com',
        'DANA.DOE@example.com',
        'dána.doe@example.com',
        'ｄａｎａ.doe@example.com',
        'Dana.Doé@Example.com',
      ];
      const tag = randomUUID().slice(0, 8);
      const emails = variants.map((v) => v.replace('@', `+${tag}@`));
      for (let i = 0; i < 10; i += 1) {
        // No password: refused by validation after the limit has counted it, so no hash is spent.
        const res = await t
          .http()
          .post('/api/v1/auth/login')
          .agent(fromAddress())
          .send({ email: emails[i % emails.length] });
        expect(res.status).toBe(400);
      }
      const eleventh = await t.http().post('/api/v1/auth/login').agent(fromAddress()).send({ email: emails[3] });
      expect(eleventh.status).toBe(429);
      expect(eleventh.body.code).toBe('rate_limited');
    });
  });

  describe('portal sign-in and firms', () => {
    it('lets one email have portal access at most once per firm (409 portal_email_taken), on create and on edit', async () => {
      const owner = await signupFirm(t);
      const first = await createClient(t, owner);
      const again = await t.http().post('/api/v1/clients').set('Authorization', `Bearer ${owner.token}`).send({
        firstName: 'Dup',
        lastName: 'Licate',
        email: first.email.toUpperCase(),
        portalPassword: strongPassword(),
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, code: 'portal_email_taken' });
      // Without portal access the same email is fine; giving it access then is refused.
      const plain = await t
        .http()
        .post('/api/v1/clients')
        .set('Authorization', `Bearer ${owner.token}`)
        .send({ firstName: 'Dup', lastName: 'Licate', email: first.email });
      expect(plain.status).toBe(201);
      const grant = await t
        .http()
        .patch(`/api/v1/clients/${plain.body.id}`)
        .set('Authorization', `Bearer ${owner.token}`)
        .send({ portalPassword: strongPassword() });
      expect(grant.status).toBe(409);
      expect(grant.body.code).toBe('portal_email_taken');
      // Another firm may have its own client with that email and portal access.
      const other = await signupFirm(t);
      await t
        .http()
        .post('/api/v1/clients')
        .set('Authorization', `Bearer ${other.token}`)
        .send({ firstName: 'Same', lastName: 'Person', email: first.email, portalPassword: strongPassword() })
        .expect(201);
    });

    it("with firmId, considers only that firm's record: records made in other firms cannot lock a client out", async () => {
      const email = uniqueEmail('victim');
      // An attacker's trial firm makes a record with the victim's email first.
      const attacker = await signupFirm(t);
      await createClient(t, attacker, { email });
      const firm = await signupFirm(t);
      const victim = await createClient(t, firm, { email });
      const portalLogin = (body: Record<string, unknown>) =>
        t.http().post('/api/v1/portal/auth/login').agent(fromAddress()).send(body);

      const ok = await portalLogin({ email, password: victim.password, firmId: firm.user.firmId });
      expect(ok.status).toBe(200);
      expect(ok.body.client.id).toBe(victim.id);
      t.secrets.add(ok.body.accessToken);
      // The victim's password does not open the attacker's firm's record, nor an unknown firm.
      const wrongFirm = await portalLogin({ email, password: victim.password, firmId: attacker.user.firmId });
      expect(wrongFirm.status).toBe(401);
      expect(wrongFirm.body.code).toBe('invalid_credentials');
      const unknownFirm = await portalLogin({ email, password: victim.password, firmId: randomUUID() });
      expect(unknownFirm.status).toBe(401);
      expect(unknownFirm.body.code).toBe('invalid_credentials');
      await portalLogin({ email, password: victim.password, firmId: 'not-a-uuid' }).then((r) =>
        expect(r.status).toBe(400),
      );
      // Older API clients without firmId still get in.
      const legacy = await portalLogin({ email, password: victim.password });
      expect(legacy.status).toBe(200);
      t.secrets.add(legacy.body.accessToken);
    });

    it('without firmId, tries at most the 10 oldest records, so no sign-in costs more than 10 hashes', async () => {
      const owner = await signupFirm(t);
      const template = await createClient(t, owner);
      const clients = t.dataSource.getRepository(Client);
      const { portalPasswordHash } = await clients.findOneByOrFail({ id: template.id });
      const email = uniqueEmail('many');
      // Fifteen firms' records with one email, written directly: making them through the API costs 30 hashes.
      for (let i = 0; i < 15; i += 1) {
        const at = new Date(Date.now() + i * 1000);
        await clients.insert({
          id: randomUUID(),
          firmId: randomUUID(),
          firstName: 'Many',
          lastName: 'Records',
          email,
          phone: null,
          timezone: null,
          smsOptIn: false,
          portalPasswordHash,
          portalLoginEmail: email,
          createdAt: at,
          updatedAt: at,
        });
      }
      const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
      try {
        const res = await t
          .http()
          .post('/api/v1/portal/auth/login')
          .agent(fromAddress())
          .send({ email, password: 'wrong-password-123' });
        expect(res.status).toBe(401);
        expect(verify).toHaveBeenCalledTimes(10);
      } finally {
        verify.mockRestore();
      }
    });
  });

  describe('records that have ended', () => {
    it('purges expired sessions, Zoom connect flows and access tokens, idempotency records and old sign-in attempts, and nothing live', async () => {
      const live = await signupFirm(t);
      const old = await signupFirm(t);
      const sessions = t.dataSource.getRepository(Session);
      const claims = t.dataSource.getRepository(Claim);
      const windows = t.dataSource.getRepository(RateLimitWindow);
      const past = new Date(clock.now().getTime() - 60_000);
      await sessions.update({ subjectId: old.user.id }, { expiresAt: past });
      const expiredClaim = randomUUID();
      const liveClaim = randomUUID();
      for (const [id, expiresAt] of [
        [expiredClaim, past],
        [liveClaim, new Date(clock.now().getTime() + HOUR_MS)],
      ] as const) {
        await claims.insert({
          id,
          scope: 'test',
          claimKey: id,
          fingerprint: 'f',
          status: 'done',
          result: null,
          leaseUntil: expiresAt,
          expiresAt,
        });
      }
      // A sign-in window that ended a second ago, and one that is still open.
      const endedWindow = `login-email:${randomUUID()}`;
      const openWindow = `login-email:${randomUUID()}`;
      await windows.insert([
        { key: endedWindow, points: 11, expire: clock.now().getTime() - 1000 },
        { key: openWindow, points: 3, expire: clock.now().getTime() + 30_000 },
      ]);
      const states = t.dataSource.getRepository(ZoomOAuthState);
      const oldState = randomUUID();
      await states.insert({
        id: oldState,
        stateHash: oldState.replace(/-/g, '').padEnd(64, '0'),
        userId: old.user.id,
        browserBindingHash: 'b'.repeat(64),
        codeVerifierSealed: 'sealed',
        createdAt: past,
        expiresAt: past,
      });
      const credentials = t.dataSource.getRepository(ZoomCredential);
      const credential = randomUUID();
      await credentials.insert({
        id: credential,
        userId: live.user.id,
        firmId: live.user.firmId,
        zoomUserId: 'zoom-user',
        accountEmail: live.email,
        refreshTokenSealed: 'sealed-refresh',
        keyId: 'k',
        status: 'connected',
        accessTokenSealed: 'sealed-access',
        accessTokenExpiresAt: past,
        refreshLeaseId: null,
        refreshLeaseUntil: null,
        connectedAt: past,
        lastRefreshedAt: past,
        updatedAt: past,
      });

      const purged = await t.app.get(ExpiredRecordsJob).run();
      expect(purged.sessions).toBeGreaterThanOrEqual(1);
      await expect(sessions.countBy({ subjectId: old.user.id })).resolves.toBe(0);
      await expect(sessions.countBy({ subjectId: live.user.id })).resolves.toBe(1);
      await expect(claims.existsBy({ id: expiredClaim })).resolves.toBe(false);
      await expect(claims.existsBy({ id: liveClaim })).resolves.toBe(true);
      await expect(windows.existsBy({ key: endedWindow })).resolves.toBe(false);
      await expect(windows.existsBy({ key: openWindow })).resolves.toBe(true);
      await expect(states.existsBy({ id: oldState })).resolves.toBe(false);
      // An access token is never kept past its hour; the connection itself stays.
      await expect(credentials.findOneByOrFail({ id: credential })).resolves.toMatchObject({
        accessTokenSealed: null,
        refreshTokenSealed: 'sealed-refresh',
      });
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${live.token}`).expect(200);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${old.token}`).expect(401);
    });
  });
});

describe('Password hashing at the production cost (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The production default, not the test app's cheap cost: the order asserted below comes from hashes taking time.
    t = await createTestApp({ env: { PASSWORD_HASH_COST: undefined } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('stores new staff and portal password hashes with N=2^17, and signs both in', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const { passwordHash } = await t.dataSource.getRepository(StaffUser).findOneByOrFail({ id: owner.user.id });
    const { portalPasswordHash } = await t.dataSource.getRepository(Client).findOneByOrFail({ id: client.id });
    for (const hash of [passwordHash, portalPasswordHash])
      expect(hash?.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 17), '8', '1']);
    await login(t, owner.email, owner.password);
    await portalLogin(t, client);
  });

  it('keeps sign-ins of existing users ahead of a burst of sign-ups', async () => {
    const owner = await signupFirm(t);
    await login(t, owner.email, owner.password); // the decoy and the pools are warm
    const finished: string[] = [];
    const signups = Array.from({ length: 12 }, (_, i) =>
      t
        .http()
        .post('/api/v1/auth/signup')
        .agent(fromAddress())
        .send(signupBody())
        .then((res) => {
          expect(res.status).toBe(201);
          t.secrets.add(res.body.accessToken);
          finished.push(`signup ${i}`);
        }),
    );
    // Let the burst reach the hasher first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const signIn = login(t, owner.email, owner.password).then(() => finished.push('sign-in'));
    await Promise.all([...signups, signIn]);
    // Sign-ups hash one at a time in a lane of their own, so the sign-in waits for none of them
    // (on a shared pool it came after the queued sign-up hashes, near the end).
    expect(finished.indexOf('sign-in')).toBeLessThan(6);
  });
});

describe('TRUST_PROXY (e2e)', () => {
  it('reads a hop count as a hop count: behind one proxy, each client is limited apart', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    try {
      const proxy = randomLoopbackAddress();
      for (let i = 0; i < 31; i += 1) {
        // Thirty-one clients behind one proxy: none is held up by the others' attempts.
        const res = await t
          .http()
          .post('/api/v1/auth/login')
          .agent(fromAddress(proxy))
          .set('X-Forwarded-For', `203.0.113.${i + 1}`)
          .send({ email: uniqueEmail() });
        expect(res.status).toBe(400);
      }
      // And the limit still holds per client.
      let last = 0;
      for (let i = 0; i < 31; i += 1) {
        last = (
          await t
            .http()
            .post('/api/v1/auth/login')
            .agent(fromAddress(proxy))
            .set('X-Forwarded-For', '198.51.100.7')
            .send({ email: uniqueEmail() })
        ).status;
      }
      expect(last).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('refuses to boot on TRUST_PROXY=true, naming the variable', async () => {
    await expect(createTestApp({ env: { TRUST_PROXY: 'true' } })).rejects.toThrow(/TRUST_PROXY must be/);
  });
});

describe('Encryption key (e2e)', () => {
  it('makes each embedded installation its own key, beside its database and for its owner only: never a shared public one', async () => {
    const keyIds: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const file = join(mkdtempSync(join(tmpdir(), 'mll-embedded-')), 'app.sqlite');
      const t = await createTestApp({ databaseUrl: `sqlite:${file}`, env: { ENCRYPTION_KEY: undefined } });
      try {
        const key = readFileSync(`${file}.key`, 'utf8').trim();
        expect(Buffer.from(key, 'base64')).toHaveLength(32);
        expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
        const box = t.app.get(SecretBox);
        const sealed = box.seal('a refresh token', 'aad');
        // Sealed under the file's key: another box with that key opens it.
        const fromFile = new SecretBox({ encryptionKeys: { current: key, previous: [] } } as unknown as AppConfig);
        expect(fromFile.open(sealed.sealed, 'aad')).toBe('a refresh token');
        keyIds.push(box.currentKeyId);
      } finally {
        await t.close();
      }
    }
    expect(keyIds[0]).not.toBe(keyIds[1]);
  });

  it('refuses to boot on MySQL without ENCRYPTION_KEY, naming it', async () => {
    await expect(
      createTestApp({ databaseUrl: 'mysql://root@127.0.0.1:3306/never_opened', env: { ENCRYPTION_KEY: undefined } }),
    ).rejects.toThrow(/ENCRYPTION_KEY is required with a MySQL DATABASE_URL/);
  });
});
