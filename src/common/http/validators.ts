import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

export function isIanaTimeZone(value: unknown): value is string {
  // Offsets such as "UTC+5" are valid to luxon but are not IANA names.
  return typeof value === 'string' && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value) && IANAZone.isValidZone(value);
}

/** An IANA time zone name such as America/New_York. */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an IANA time zone name such as America/New_York`,
        ...options,
      },
      validator: { validate: isIanaTimeZone },
    });
}

export const E164 = /^\+[1-9]\d{6,14}$/;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * The instants the API takes and stores (api.md, Conventions): 1900-01-01 to 2199-12-31, UTC. Every
 * database we run on holds them (MySQL's DATETIME stops at 9999, SQLite's text sorts only with
 * four-digit years), and every calendar, feed and SMS renders them.
 */
export const INSTANT_RANGE = {
  first: new Date(Date.UTC(1900, 0, 1)),
  last: new Date(Date.UTC(2200, 0, 1) - 1),
  words: 'between 1900-01-01 and 2199-12-31 (UTC)',
} as const;

const FIRST_MS = INSTANT_RANGE.first.getTime();
const LAST_MS = INSTANT_RANGE.last.getTime();

export function isInstantInRange(date: Date): boolean {
  const ms = date.getTime();
  return ms >= FIRST_MS && ms <= LAST_MS;
}

// Date and time with an explicit offset (Z or ±hh:mm); a bare local time is ambiguous, so it is refused.
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** The instant an ISO 8601 date-time with an offset names, whatever its year; null for anything else. */
function parseWithOffset(value: unknown): Date | null {
  if (typeof value !== 'string' || !WITH_OFFSET.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/**
 * The one reading of a time the API is given (bodies, from/to filters, the meeting form): an ISO 8601
 * date-time with an offset inside INSTANT_RANGE, or null.
 */
export function parseInstant(value: unknown): Date | null {
  const date = parseWithOffset(value);
  return date && isInstantInRange(date) ? date : null;
}

function instantMessage(args: ValidationArguments): string {
  return parseWithOffset(args.value)
    ? `${args.property} must be ${INSTANT_RANGE.words}`
    : `${args.property} must be an ISO 8601 date-time with an offset, such as 2026-12-01T15:00:00-05:00`;
}

/** A time the API accepts (see parseInstant); the message says whether its form or its year is wrong. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: instantMessage, ...options },
      validator: { validate: (value: unknown) => parseInstant(value) !== null },
    });
}
