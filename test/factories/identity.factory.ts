import { randomBytes, randomUUID } from 'node:crypto';
import { fromAddress } from '../support/client-address.js';
import type { TestApp } from '../support/test-app.js';

export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${randomUUID().slice(0, 12)}@example.test`;
export const strongPassword = (): string => `pw-${randomBytes(12).toString('base64url')}`;
/** A distinct client address per call, so the per-IP sign-in limit does not couple unrelated tests. */
export const randomIp = (): string => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;

export interface StaffMember {
  token: string;
  email: string;
  password: string;
  user: { id: string; firmId: string; name: string; email: string; permissions: string[] };
}

/** A new firm with its owner (every permission), signed in. */
export async function signupFirm(
  t: TestApp,
  overrides: Partial<{ firmName: string; timezone: string }> = {},
): Promise<StaffMember> {
  const email = uniqueEmail('owner');
  const password = strongPassword();
  // Each firm signs up from an address of its own, as firms do: the per-IP sign-up limit stays in force.
  const res = await t
    .http()
    .post('/api/v1/auth/signup')
    .agent(fromAddress())
    .send({
      firmName: overrides.firmName ?? `Firm ${randomUUID().slice(0, 6)}`,
      name: 'Olivia Owner',
      email,
      password,
      ...(overrides.timezone ? { timezone: overrides.timezone } : {}),
    });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  t.secrets.add(password).add(res.body.accessToken);
  return { token: res.body.accessToken, email, password, user: res.body.user };
}

/** A team member of the owner's firm, signed in. */
export async function addMember(t: TestApp, owner: StaffMember, permissions: string[] = []): Promise<StaffMember> {
  const email = uniqueEmail('member');
  const password = strongPassword();
  const created = await t
    .http()
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${owner.token}`)
    .send({ name: 'Max Member', email, password, permissions });
  if (created.status !== 201) throw new Error(`add member failed: ${created.status} ${JSON.stringify(created.body)}`);
  t.secrets.add(password);
  const token = await login(t, email, password);
  return { token, email, password, user: created.body };
}

export async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', randomIp()).send({ email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  t.secrets.add(res.body.accessToken);
  return res.body.accessToken;
}

export interface PortalClient {
  id: string;
  firmId?: string;
  email: string;
  password: string;
  token?: string;
}

export async function createClient(
  t: TestApp,
  staff: StaffMember,
  overrides: Record<string, unknown> = {},
): Promise<PortalClient & { body: Record<string, unknown> }> {
  const email = uniqueEmail('client');
  const password = strongPassword();
  const res = await t
    .http()
    .post('/api/v1/clients')
    .set('Authorization', `Bearer ${staff.token}`)
    .send({ firstName: 'Carla', lastName: 'Client', email, portalPassword: password, ...overrides });
  if (res.status !== 201) throw new Error(`create client failed: ${res.status} ${JSON.stringify(res.body)}`);
  t.secrets.add(password);
  return { id: res.body.id, firmId: res.body.firmId, email, password, body: res.body };
}

export async function portalLogin(t: TestApp, client: PortalClient): Promise<string> {
  // As the portal pages do: each firm's portal link names the firm.
  const res = await t
    .http()
    .post('/api/v1/portal/auth/login')
    .set('X-Forwarded-For', randomIp())
    .send({ email: client.email, password: client.password, ...(client.firmId ? { firmId: client.firmId } : {}) });
  if (res.status !== 200) throw new Error(`portal login failed: ${res.status} ${JSON.stringify(res.body)}`);
  t.secrets.add(res.body.accessToken);
  return res.body.accessToken;
}

export async function createCase(
  t: TestApp,
  staff: StaffMember,
  clientIds: string[],
  staffIds?: string[],
): Promise<{ id: string }> {
  const res = await t
    .http()
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${staff.token}`)
    .send({ title: `Matter ${randomUUID().slice(0, 6)}`, clientIds, ...(staffIds ? { staffIds } : {}) });
  if (res.status !== 201) throw new Error(`create case failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
