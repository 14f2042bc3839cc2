import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createClient, signupFirm, strongPassword, uniqueEmail } from './factories/identity.factory.js';
import { fromAddress } from './support/client-address.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const APP_URL = 'http://app.mll.test:3000';
const ORIGIN = { Origin: APP_URL };

/** The `name=value` of a Set-Cookie header, and its attributes. */
function cookieFrom(
  res: { headers: Record<string, unknown> },
  name: string,
): { pair: string; attributes: string } | null {
  const headers = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const found = headers.find((h) => h.startsWith(`${name}=`));
  if (!found) return null;
  const [pair = '', ...attributes] = found.split(';').map((p) => p.trim());
  return { pair, attributes: attributes.join('; ') };
}

const signupBody = (overrides: Record<string, unknown> = {}) => ({
  firmName: `Firm ${randomUUID().slice(0, 6)}`,
  name: 'Sam Signup',
  email: uniqueEmail('signup'),
  password: strongPassword(),
  ...overrides,
});

describe('Browser sessions in cookies (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { APP_URL } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('signs up with ?session=cookie: an HttpOnly, SameSite=Lax cookie and no token in the answer; a foreign or missing Origin is refused', async () => {
    const body = signupBody();
    const noOrigin = await t.http().post('/api/v1/auth/signup?session=cookie').agent(fromAddress()).send(body);
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body).toMatchObject({ statusCode: 403, code: 'csrf_failed' });
    const foreign = await t
      .http()
      .post('/api/v1/auth/signup?session=cookie')
      .agent(fromAddress())
      .set('Origin', 'https://evil.example')
      .send(body);
    expect(foreign.body.code).toBe('csrf_failed');

    const res = await t.http().post('/api/v1/auth/signup?session=cookie').agent(fromAddress()).set(ORIGIN).send(body);
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('accessToken');
    expect(res.body.user.email).toBe(body.email);
    const cookie = cookieFrom(res, 'mll_staff_session');
    expect(cookie).not.toBeNull();
    t.secrets.add(cookie!.pair.split('=')[1]!).add(body.password);
    expect(cookie!.attributes).toMatch(/HttpOnly/i);
    expect(cookie!.attributes).toMatch(/SameSite=Lax/i);
    expect(cookie!.attributes).not.toMatch(/Secure/i); // APP_URL is plain http here

    const me = await t.http().get('/api/v1/me').set('Cookie', cookie!.pair);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(body.email);
  });

  it('refuses a write authenticated by the cookie unless it comes from our origin (Origin, else Referer)', async () => {
    const owner = await signupFirm(t);
    const res = await t
      .http()
      .post('/api/v1/auth/login?session=cookie')
      .set(ORIGIN)
      .agent(fromAddress())
      .send({ email: owner.email, password: owner.password });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('accessToken');
    const cookie = cookieFrom(res, 'mll_staff_session')!.pair;
    t.secrets.add(cookie.split('=')[1]!);
    const client = { firstName: 'Cora', lastName: 'Cookie' };

    const forged = await t.http().post('/api/v1/clients').set('Cookie', cookie).send(client);
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ statusCode: 403, code: 'csrf_failed' });
    const crossSite = await t
      .http()
      .post('/api/v1/clients')
      .set('Cookie', cookie)
      .set('Origin', 'http://app.mll.test:3001')
      .send(client);
    expect(crossSite.body.code).toBe('csrf_failed');
    const nullOrigin = await t.http().post('/api/v1/clients').set('Cookie', cookie).set('Origin', 'null').send(client);
    expect(nullOrigin.body.code).toBe('csrf_failed');

    await t.http().post('/api/v1/clients').set('Cookie', cookie).set(ORIGIN).send(client).expect(201);
    await t
      .http()
      .post('/api/v1/clients')
      .set('Cookie', cookie)
      .set('Referer', `${APP_URL}/clients`)
      .send(client)
      .expect(201);
    // Reads need no origin: a cross-site page cannot read the answer anyway.
    await t.http().get('/api/v1/me').set('Cookie', cookie).expect(200);
  });

  it('authenticates a request with an Authorization header by that header alone', async () => {
    const owner = await signupFirm(t);
    const res = await t
      .http()
      .post('/api/v1/auth/login?session=cookie')
      .set(ORIGIN)
      .agent(fromAddress())
      .send({ email: owner.email, password: owner.password });
    const cookie = cookieFrom(res, 'mll_staff_session')!.pair;
    t.secrets.add(cookie.split('=')[1]!);
    const bad = await t
      .http()
      .get('/api/v1/me')
      .set('Cookie', cookie)
      .set('Authorization', 'Bearer mlls_not-a-real-token');
    expect(bad.status).toBe(401);
    // A bearer request needs no Origin: API clients and the workers keep working unchanged.
    await t
      .http()
      .post('/api/v1/clients')
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ firstName: 'A', lastName: 'B' })
      .expect(201);
  });

  it('logs out: the session dies and the cookie is cleared', async () => {
    const owner = await signupFirm(t);
    const res = await t
      .http()
      .post('/api/v1/auth/login?session=cookie')
      .set(ORIGIN)
      .agent(fromAddress())
      .send({ email: owner.email, password: owner.password });
    const cookie = cookieFrom(res, 'mll_staff_session')!.pair;
    t.secrets.add(cookie.split('=')[1]!);
    await t.http().post('/api/v1/auth/logout').set('Cookie', cookie).expect(403);
    const out = await t.http().post('/api/v1/auth/logout').set('Cookie', cookie).set(ORIGIN).expect(204);
    expect(cookieFrom(out, 'mll_staff_session')?.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    await t.http().get('/api/v1/me').set('Cookie', cookie).expect(401);
  });

  it('keeps staff and client sessions in cookies of their own: neither opens the other side', async () => {
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const res = await t
      .http()
      .post('/api/v1/portal/auth/login?session=cookie')
      .set(ORIGIN)
      .agent(fromAddress())
      .send({ email: client.email, password: client.password, firmId: owner.user.firmId });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('accessToken');
    expect(res.body.client.id).toBe(client.id);
    const cookie = cookieFrom(res, 'mll_client_session')!.pair;
    t.secrets.add(cookie.split('=')[1]!);
    await t.http().get('/api/v1/portal/events').set('Cookie', cookie).expect(200);
    await t.http().get('/api/v1/me').set('Cookie', cookie).expect(401);
    const staffCookie = cookie.replace('mll_client_session', 'mll_staff_session');
    await t.http().get('/api/v1/me').set('Cookie', staffCookie).expect(401);
    await t.http().post('/api/v1/portal/auth/logout').set('Cookie', cookie).set(ORIGIN).expect(204);
    await t.http().get('/api/v1/portal/events').set('Cookie', cookie).expect(401);
  });

  it('refuses a session mode it does not know', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login?session=localStorage')
      .set(ORIGIN)
      .send({ email: uniqueEmail(), password: 'whatever-password' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'session' })]));
  });
});
