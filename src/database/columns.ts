import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';
import { INSTANT_RANGE } from '../common/http/validators.js';

const EARLIEST_READABLE = Date.UTC(1000, 0, 1);
const LATEST_READABLE = Date.UTC(10000, 0, 1) - 1;

/**
 * What a stored time reads as, whatever the row holds. The drivers hand over an Invalid Date for a
 * value they cannot read (MySQL's zero date, a SQLite string such as "10000-01-01T04:30:00.000Z" or
 * "2026-13-01 10:00:00"), or a raw number on SQLite; printing those throws, so one bad row would make
 * every list that holds it a 500. Such values, and years outside 1000–9999 (which neither database
 * compares or prints correctly), read as the nearest end of the API's range instead. API input never
 * holds them (common/http/validators.ts) and migration 1765200000000 repairs rows written earlier.
 */
export function readableInstant(value: unknown): Date {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (ms >= EARLIEST_READABLE && ms <= LATEST_READABLE) return value;
    if (ms > LATEST_READABLE) return new Date(INSTANT_RANGE.last);
  }
  return new Date(INSTANT_RANGE.first);
}

const readable: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : readableInstant(value)),
};

/** Millisecond UTC timestamps that map the same way on MySQL (datetime(3)) and SQLite. */
export function DateTimeColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, transformer: readable, ...options });
}

/** Our ids: UUID strings. */
export function IdColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 36, ...options });
}
