import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

// Date and time with an explicit offset (Z or ±hh:mm); a bare local time is ambiguous, so it is refused.
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** The instant an ISO 8601 date-time with an offset names, or null for anything else. */
export function parseInstantWithOffset(value: unknown): Date | null {
  if (typeof value !== 'string' || !WITH_OFFSET.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** An ISO 8601 date-time with an offset, such as 2026-12-01T15:00:00-05:00. */
export function IsInstantWithOffset(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstantWithOffset',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an ISO 8601 date-time with an offset, such as 2026-12-01T15:00:00-05:00`, ...options },
      validator: { validate: (value: unknown) => parseInstantWithOffset(value) !== null },
    });
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/**
 * The same text as `date.toISOString()` at less than half its cost, for lists that print hundreds of
 * instants per answer (the timeline). Years outside 1000–9999 go to the built-in.
 */
export function isoInstant(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return date.toISOString();
  return `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.${pad3(date.getUTCMilliseconds())}Z`;
}
