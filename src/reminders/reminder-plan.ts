import type { DeliveryStatus } from './delivery.entity.js';
import type { MessageChannel } from '../messaging/records.js';

/** What a reminder row should look like for the event as it is now. */
export interface ReminderPlan {
  status: Extract<DeliveryStatus, 'scheduled' | 'skipped'>;
  dueAt: Date;
  lastError: string | null;
}

export interface ClientContact {
  email: string | null;
  phone: string | null;
  smsOptIn: boolean;
}

export const SkipReason = {
  NO_EMAIL: 'The client has no email address.',
  NO_PHONE: 'The client has no phone number.',
  NO_SMS_CONSENT: 'The client has not agreed to receive SMS (smsOptIn is off).',
  STARTED_WHEN_SCHEDULED: 'The event had already started when this reminder was scheduled.',
  STARTED_WHEN_DUE: 'The event had already started when this reminder was due to go out.',
} as const;

export const CancelReason = {
  EVENT_CANCELLED: 'The event was cancelled.',
  EVENT_UNSHARED: 'The event is no longer shared with clients.',
  EVENT_GONE: 'The event no longer exists.',
  RULE_REMOVED: 'The reminder rule was removed.',
  TEMPLATE_DELETED: "The reminder rule's template was deleted.",
  CLIENT_LEFT: 'The client is no longer on the case.',
} as const;

/** Why this client cannot get a message on this channel, or null when they can. */
export function contactProblem(channel: MessageChannel, client: ClientContact): string | null {
  if (channel === 'email') return client.email ? null : SkipReason.NO_EMAIL;
  if (!client.phone) return SkipReason.NO_PHONE;
  return client.smsOptIn ? null : SkipReason.NO_SMS_CONSENT;
}

/**
 * Due offsetMinutes before the start. A due time already past is still due (so it goes out at once)
 * while the event has not started; once it has, the reminder is skipped, never silently dropped.
 */
export function planReminder(startsAt: Date, offsetMinutes: number, now: Date, problem: string | null): ReminderPlan {
  const dueAt = new Date(startsAt.getTime() - offsetMinutes * 60_000);
  if (problem) return { status: 'skipped', dueAt, lastError: problem };
  if (startsAt.getTime() <= now.getTime())
    return { status: 'skipped', dueAt, lastError: SkipReason.STARTED_WHEN_SCHEDULED };
  return { status: 'scheduled', dueAt, lastError: null };
}

export const MAX_ATTEMPTS = 5;

/** After failed attempt n (from 1): base × 2^(n−1), or the provider's Retry-After when that is longer. */
export function retryDelayMs(attempt: number, baseMs: number, retryAfterSeconds?: number): number {
  const backoff = baseMs * 2 ** (attempt - 1);
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

export const reminderKey = (eventId: string, clientId: string, ruleId: string): string =>
  `reminder:${eventId}:${clientId}:${ruleId}`;
export const zoomReconnectKey = (credentialId: string, transitionAt: Date): string =>
  `zoom-reconnect:${credentialId}:${transitionAt.getTime()}`;
