import { DateTime } from 'luxon';

/** A UTC instant shown in a given IANA zone, the zone named: "Tue, Dec 1, 2026, 3:00 PM EST (America/New_York)". */
export function formatInZone(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!t.isValid) return iso;
  return `${t.toFormat('ccc, LLL d, yyyy, h:mm a ZZZZ')} (${zone})`;
}

/** The end time of an event that starts on the same day in that zone: only the time. */
export function formatEndInZone(startIso: string, endIso: string, zone: string): string {
  const s = DateTime.fromISO(startIso, { zone: 'utc' }).setZone(zone);
  const e = DateTime.fromISO(endIso, { zone: 'utc' }).setZone(zone);
  if (!e.isValid) return endIso;
  return s.hasSame(e, 'day') ? e.toFormat('h:mm a') : e.toFormat('ccc, LLL d, yyyy, h:mm a');
}
