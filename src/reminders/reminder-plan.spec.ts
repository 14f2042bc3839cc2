import { describe, expect, it } from '@jest/globals';
import { contactProblem, planReminder, retryDelayMs, SkipReason } from './reminder-plan.js';

const now = new Date('2026-12-01T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('reminder timing', () => {
  it('is due offsetMinutes before the start', () => {
    expect(planReminder(at('2026-12-03T12:00:00Z'), 1440, now, null)).toEqual({
      status: 'scheduled',
      dueAt: at('2026-12-02T12:00:00Z'),
      lastError: null,
    });
  });

  it('keeps a past due time due (sent at once) while the event has not started, and skips it once it has', () => {
    expect(planReminder(at('2026-12-01T12:30:00Z'), 1440, now, null)).toEqual({
      status: 'scheduled',
      dueAt: at('2026-11-30T12:30:00Z'),
      lastError: null,
    });
    expect(planReminder(at('2026-12-01T12:00:00Z'), 60, now, null)).toMatchObject({
      status: 'skipped',
      lastError: SkipReason.STARTED_WHEN_SCHEDULED,
    });
    expect(planReminder(at('2026-12-01T11:00:00Z'), 0, now, null)).toMatchObject({ status: 'skipped' });
  });

  it('skips with the contact problem as the reason', () => {
    expect(planReminder(at('2026-12-03T12:00:00Z'), 60, now, SkipReason.NO_PHONE)).toMatchObject({
      status: 'skipped',
      lastError: SkipReason.NO_PHONE,
    });
  });
});

describe('contactProblem', () => {
  const reachable = { email: 'c@example.test', phone: '+14155550123', smsOptIn: true };
  it('needs an email for email, and a phone and consent for SMS', () => {
    expect(contactProblem('email', reachable)).toBeNull();
    expect(contactProblem('sms', reachable)).toBeNull();
    expect(contactProblem('email', { ...reachable, email: null })).toBe(SkipReason.NO_EMAIL);
    expect(contactProblem('sms', { ...reachable, phone: null, smsOptIn: false })).toBe(SkipReason.NO_PHONE);
    expect(contactProblem('sms', { ...reachable, smsOptIn: false })).toBe(SkipReason.NO_SMS_CONSENT);
    expect(contactProblem('email', { ...reachable, phone: null, smsOptIn: false })).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base after each failed attempt, and honours a longer Retry-After', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(1, 50, 2)).toBe(2000);
    expect(retryDelayMs(3, 1000, 2)).toBe(4000);
  });
});
