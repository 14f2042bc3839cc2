import { randomInt } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';
import { uniqueEmail, type StaffMember } from './identity.factory.js';

export interface RuleBody {
  id: string;
  firmId: string;
  templateId: string;
  offsetMinutes: number;
  createdBy: string;
  createdAt: string;
}

export interface DeliveryBody {
  id: string;
  clientId: string | null;
  ruleId: string | null;
  channel: 'sms' | 'email';
  status: 'scheduled' | 'sent' | 'failed' | 'cancelled' | 'skipped';
  dueAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

/** An instant `minutes` from now, as the API takes it. */
export const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

/** A US-looking E.164 number, distinct per call in practice. */
export const uniquePhone = (): string => `+1${randomInt(2, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;

/** A client who can get SMS and email; no portal password, so creating many is quick. */
export async function createContactClient(
  t: TestApp,
  staff: StaffMember,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; email: string | null; phone: string | null }> {
  const res = await t
    .http()
    .post('/api/v1/clients')
    .set('Authorization', `Bearer ${staff.token}`)
    .send({
      firstName: 'Carla',
      lastName: 'Client',
      email: uniqueEmail('client'),
      phone: uniquePhone(),
      smsOptIn: true,
      timezone: 'America/New_York',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`create client failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createRule(
  t: TestApp,
  staff: StaffMember,
  templateId: string,
  offsetMinutes: number,
): Promise<RuleBody> {
  const res = await t
    .http()
    .post('/api/v1/messaging/reminder-rules')
    .set('Authorization', `Bearer ${staff.token}`)
    .send({ templateId, offsetMinutes });
  if (res.status !== 201) throw new Error(`create rule failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RuleBody;
}

/** The event's deliveries, by dueAt (one page of up to 500). */
export async function deliveriesOf(t: TestApp, staff: StaffMember, eventId: string): Promise<DeliveryBody[]> {
  const res = await t
    .http()
    .get(`/api/v1/events/${eventId}/deliveries?limit=500`)
    .set('Authorization', `Bearer ${staff.token}`);
  if (res.status !== 200) throw new Error(`list deliveries failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as DeliveryBody[];
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the instant has passed (a retry's dueAt). */
export async function waitUntil(iso: string): Promise<void> {
  const wait = new Date(iso).getTime() - Date.now() + 5;
  if (wait > 0) await sleep(wait);
}

/** Polls `check` until it answers true; throws with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
