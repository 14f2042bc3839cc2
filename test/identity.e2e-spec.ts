import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addMember,
  createCase,
  createClient,
  login,
  portalLogin,
  randomIp,
  signupFirm,
  strongPassword,
  uniqueEmail,
} from './factories/identity.factory.js';
import { createTestApp, secretsInLogs, type TestApp } from './support/test-app.js';

describe('Identity and tenancy (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('signs up, answers /me, and kills the token at logout', async () => {
    const owner = await signupFirm(t, { timezone: 'Europe/London' });
    const me = await t.http().get('/api/v1/me').set(auth(owner.token));
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual({
      id: owner.user.id,
      firmId: owner.user.firmId,
      name: 'Olivia Owner',
      email: owner.email,
      permissions: ['team_settings'],
    });
    expect(me.body.firm).toMatchObject({
      id: owner.user.firmId,
      timezone: 'Europe/London',
      subscriptionStatus: 'trialing',
    });
    expect(JSON.stringify(me.body)).not.toMatch(/password/i);

    await t.http().post('/api/v1/auth/logout').set(auth(owner.token)).expect(204);
    const after = await t.http().get('/api/v1/me').set(auth(owner.token));
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ statusCode: 401, code: 'unauthorized' });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const owner = await signupFirm(t);
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', randomIp())
      .send({ email: owner.email, password: 'not-the-password' });
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', randomIp())
      .send({ email: uniqueEmail('nobody'), password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, correlationId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('invalid_credentials');
    // Email matching ignores case.
    await expect(login(t, owner.email.toUpperCase(), owner.password)).resolves.toMatch(/^mlls_/);
  });

  it('refuses a taken email with 409 and a short password with 400', async () => {
    const owner = await signupFirm(t);
    const taken = await t
      .http()
      .post('/api/v1/auth/signup')
      .send({ firmName: 'Other', name: 'X', email: owner.email.toUpperCase(), password: strongPassword() });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_taken');
    const short = await t
      .http()
      .post('/api/v1/auth/signup')
      .send({ firmName: 'F', name: 'X', email: uniqueEmail(), password: '12345678901' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('validation_failed');
    expect(short.body.errors).toEqual([{ field: 'password', message: 'password must be at least 12 characters' }]);
    const badZone = await t
      .http()
      .post('/api/v1/auth/signup')
      .send({ firmName: 'F', name: 'X', email: uniqueEmail(), password: strongPassword(), timezone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.errors[0].field).toBe('timezone');
  });

  it('keeps every firm inside its own walls', async () => {
    const firmA = await signupFirm(t);
    const firmB = await signupFirm(t);
    const client = await createClient(t, firmA);
    const legalCase = await createCase(t, firmA, [client.id], [firmA.user.id]);

    await expect(t.http().get(`/api/v1/cases/${legalCase.id}`).set(auth(firmA.token))).resolves.toMatchObject({
      status: 200,
    });
    for (const path of [`/api/v1/cases/${legalCase.id}`, `/api/v1/clients/${client.id}`]) {
      const res = await t.http().get(path).set(auth(firmB.token));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const patch = await t
      .http()
      .patch(`/api/v1/clients/${client.id}`)
      .set(auth(firmB.token))
      .send({ firstName: 'Mallory' });
    expect(patch.status).toBe(404);
    // Firm B cannot put firm A's client on its own case either.
    const foreign = await t
      .http()
      .post('/api/v1/cases')
      .set(auth(firmB.token))
      .send({ title: 'Grab', clientIds: [client.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('clientIds');
  });

  it('never lets a staff token into the portal or a client token into staff routes', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    await createCase(t, owner, [client.id]);
    const clientToken = await portalLogin(t, client);

    await expect(t.http().get('/api/v1/portal/me').set(auth(clientToken))).resolves.toMatchObject({
      status: 200,
      body: { client: { id: client.id } },
    });
    const staffOnPortal = await t.http().get('/api/v1/portal/me').set(auth(owner.token));
    expect(staffOnPortal.status).toBe(401);
    const clientOnStaff = await t.http().get('/api/v1/me').set(auth(clientToken));
    expect(clientOnStaff.status).toBe(401);
    expect(clientOnStaff.body.code).toBe('unauthorized');
  });

  it('requires team_settings to add a team member', async () => {
    const owner = await signupFirm(t);
    const member = await addMember(t, owner, []);
    expect(member.user.permissions).toEqual([]);
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(auth(member.token))
      .send({ name: 'N', email: uniqueEmail(), password: strongPassword(), permissions: [] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('team_settings_required');
    const bad = await t
      .http()
      .post('/api/v1/users')
      .set(auth(owner.token))
      .send({ name: 'N', email: uniqueEmail(), password: strongPassword(), permissions: ['root'] });
    expect(bad.status).toBe(400);
  });

  it('creates, reads and edits clients with E.164 phones and consent off by default', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner, { phone: '+14155550123', timezone: 'America/Chicago' });
    expect(client.body).toMatchObject({
      phone: '+14155550123',
      smsOptIn: false,
      timezone: 'America/Chicago',
      portalAccess: true,
    });
    expect(JSON.stringify(client.body)).not.toContain(client.password);
    const badPhone = await t
      .http()
      .post('/api/v1/clients')
      .set(auth(owner.token))
      .send({ firstName: 'A', lastName: 'B', phone: '415-555-0123' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors[0].field).toBe('phone');
    const patched = await t
      .http()
      .patch(`/api/v1/clients/${client.id}`)
      .set(auth(owner.token))
      .send({ smsOptIn: true, phone: null });
    expect(patched.body).toMatchObject({ smsOptIn: true, phone: null });
    await expect(t.http().get(`/api/v1/clients/${client.id}`).set(auth(owner.token))).resolves.toMatchObject({
      body: { smsOptIn: true },
    });
  });

  it('signs a client into the portal, and refuses a wrong password with invalid_credentials', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    await expect(portalLogin(t, client)).resolves.toMatch(/^mllc_/);
    const wrong = await t
      .http()
      .post('/api/v1/portal/auth/login')
      .set('X-Forwarded-For', randomIp())
      .send({ email: client.email, password: 'wrong-password-123' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  // 42 sign-in attempts, each a real scrypt hash (128 MiB): a generous budget for CI running both databases side by side.
  it('limits sign-in attempts per email (any case) and per IP, counting refused attempts', async () => {
    const owner = await signupFirm(t);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const email = i % 2 ? owner.email.toUpperCase() : owner.email;
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', randomIp())
        .send({ email, password: 'wrong-password-123' });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.code).toBe('rate_limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // The right password is refused too while the email is limited.
    const right = await t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', randomIp())
      .send({ email: owner.email, password: owner.password });
    expect(right.status).toBe(429);

    const ip = randomIp();
    const perIp: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await t
        .http()
        .post('/api/v1/portal/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: uniqueEmail(), password: 'whatever-password' });
      perIp.push(res.status);
    }
    expect(perIp.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(perIp[30]).toBe(429);
  }, 240_000);

  it('answers malformed JSON, unknown properties and unknown routes in the error body', async () => {
    const malformed = await t
      .http()
      .post('/api/v1/auth/signup')
      .set('Content-Type', 'application/json')
      .send('{"firmName": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'bad_request' });
    expect(malformed.body.correlationId).toEqual(expect.any(String));
    expect(malformed.body.correlationId.length).toBeGreaterThan(0);

    const unknown = await t
      .http()
      .post('/api/v1/auth/signup')
      .send({ firmName: 'F', name: 'N', email: uniqueEmail(), password: strongPassword(), isAdmin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation_failed');
    expect(unknown.body.errors).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);

    for (const path of ['/api/v1/no-such-thing', '/definitely/not/here']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        code: 'not_found',
        message: expect.any(String),
        correlationId: expect.any(String),
      });
    }
  });

  it('turns an unexpected failure into a bare 500 with nothing internal in it', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    // A real fault, not a mock: the table is gone for a moment.
    await t.dataSource.query('ALTER TABLE clients RENAME TO clients_away');
    try {
      const res = await t
        .http()
        .get(`/api/v1/clients/${client.id}`)
        .set(auth(owner.token))
        .set('X-Request-Id', 'trace-500');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        code: 'internal_error',
        message: expect.any(String),
        correlationId: 'trace-500',
      });
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/SELECT|clients|stack|at .*\.js|mlls_/i);
    } finally {
      await t.dataSource.query('ALTER TABLE clients_away RENAME TO clients');
    }
  });

  it('serves the OpenAPI document and a health check', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths).toHaveProperty('/api/v1/auth/signup');
    await expect(t.http().get('/api/docs/')).resolves.toMatchObject({ status: 200 });
    await expect(t.http().get('/health')).resolves.toMatchObject({
      status: 200,
      body: { status: 'ok', database: 'up' },
    });
  });

  it('stores passwords and tokens only as hashes, and never logs them', async () => {
    const owner = await signupFirm(t);
    await createClient(t, owner);
    const tables = ['staff_users', 'clients', 'sessions'];
    const dump = JSON.stringify(await Promise.all(tables.map((name) => t.dataSource.query(`SELECT * FROM ${name}`))));
    for (const secret of t.secrets) expect(dump).not.toContain(secret);
    expect(t.logs.lines.length).toBeGreaterThan(10);
    expect(secretsInLogs(t)).toEqual([]);
  });
});
