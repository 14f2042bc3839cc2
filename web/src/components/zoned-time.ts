import { DateTime } from 'luxon';

/** The value of a datetime-local input: a wall-clock time with no zone of its own. */
const WALL_CLOCK = "yyyy-LL-dd'T'HH:mm";
/** An event without an end is taken as an hour long (as Zoom meetings are by default). */
const DEFAULT_LENGTH = { minutes: 60 };

/** An instant shown as the wall-clock time it is in `zone` (for the form's inputs). */
export function toWallClock(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat(WALL_CLOCK) : '';
}

/** A wall-clock time read in the event's zone, never the browser's: ISO 8601 with that zone's offset, or null. */
export function fromWallClock(wall: string, zone: string): string | null {
  if (!wall) return null;
  const dt = DateTime.fromISO(wall, { zone });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** "Tue, Dec 1, 2026 · 3:00 PM – 4:00 PM EST (America/New_York)": in the event's zone, with the zone named. */
export function formatWhen(startsAt: string, endsAt: string | null, zone: string): string {
  const start = DateTime.fromISO(startsAt, { zone });
  if (!start.isValid) return startsAt;
  const end = endsAt ? DateTime.fromISO(endsAt, { zone }) : null;
  const day = start.toFormat('ccc, LLL d, yyyy');
  const from = start.toFormat('h:mm a');
  const to = end?.isValid
    ? end.hasSame(start, 'day')
      ? end.toFormat('h:mm a')
      : end.toFormat('ccc, LLL d, h:mm a')
    : null;
  return `${day} · ${from}${to ? ` – ${to}` : ''} ${start.toFormat('ZZZZ')} (${zone})`;
}

/** One instant, in a zone, with the zone's abbreviation. */
export function formatInstant(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat('LLL d, yyyy, h:mm a ZZZZ') : iso;
}

/** When an event is over: its end, else an hour after its start. */
export function endOf(event: { startsAt: string; endsAt: string | null }): DateTime {
  return event.endsAt ? DateTime.fromISO(event.endsAt) : DateTime.fromISO(event.startsAt).plus(DEFAULT_LENGTH);
}

export const isInProgress = (event: { startsAt: string; endsAt: string | null }, now = DateTime.now()): boolean =>
  DateTime.fromISO(event.startsAt) <= now && endOf(event) > now;

/** Every IANA zone the browser knows, with `extra` (the firm's, the event's) kept even if it does not. */
export function timeZoneOptions(...extra: string[]): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...extra.filter(Boolean), 'UTC', ...known])].sort();
}
