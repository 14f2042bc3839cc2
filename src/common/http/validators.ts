import { registerDecorator, type ValidationOptions } from 'class-validator';
import { IANAZone } from 'luxon';

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
      options: { message: `${String(propertyName)} must be an IANA time zone name such as America/New_York`, ...options },
      validator: { validate: isIanaTimeZone },
    });
}

export const E164 = /^\+[1-9]\d{6,14}$/;
export const MIN_PASSWORD_LENGTH = 12;
