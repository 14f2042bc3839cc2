import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import type { Response } from 'supertest';
import type { TestApp } from '../support/test-app.js';
import type { StaffMember } from './identity.factory.js';

export interface IssuedFeed {
  id: string;
  scope: 'me' | 'case';
  caseId: string | null;
  name: string;
  url: string;
  webcalUrl: string;
  createdAt: string;
}

/** The token inside a feed URL; added to the test's secrets, so it may never appear in a log. */
export function feedToken(t: TestApp, url: string): string {
  const match = /\/calendar\/([^/]+)\.ics$/.exec(new URL(url).pathname);
  if (!match?.[1]) throw new Error(`not a feed URL: ${url}`);
  t.secrets.add(match[1]);
  return match[1];
}

/** The path to GET on the app for a feed URL. */
export const feedPath = (url: string): string => new URL(url).pathname;

export async function createStaffFeed(
  t: TestApp,
  staff: StaffMember,
  body: Record<string, unknown> = { scope: 'me' },
): Promise<IssuedFeed> {
  const res = await t.http().post('/api/v1/calendar-feeds').set('Authorization', `Bearer ${staff.token}`).send(body);
  if (res.status !== 201) throw new Error(`create feed failed: ${res.status} ${JSON.stringify(res.body)}`);
  feedToken(t, res.body.url);
  return res.body as IssuedFeed;
}

export async function createPortalFeed(t: TestApp, clientToken: string): Promise<{ url: string; webcalUrl: string }> {
  const res = await t.http().post('/api/v1/portal/calendar-feed').set('Authorization', `Bearer ${clientToken}`);
  if (res.status !== 201) throw new Error(`portal feed failed: ${res.status} ${JSON.stringify(res.body)}`);
  feedToken(t, res.body.url);
  return res.body as { url: string; webcalUrl: string };
}

/** GET (or HEAD) of a feed URL, the body kept as text whatever its type. */
export function fetchFeed(
  t: TestApp,
  url: string,
  headers: Record<string, string> = {},
  method: 'get' | 'head' = 'get',
): Promise<Response> {
  const req = t
    .http()
    [method](feedPath(url))
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req;
}

/** One VEVENT as ical.js reads it. */
export interface ParsedEvent {
  uid: string;
  summary: string;
  sequence: number;
  status: string | null;
  location: string | null;
  url: string | null;
  description: string | null;
  start: string;
  end: string | null;
  stamp: string;
  lastModified: string | null;
}

/** The feed through ical.js: calendar properties and events. */
export function parseWithIcalJs(text: string): {
  name: string | null;
  refresh: string | null;
  ttl: string | null;
  events: ParsedEvent[];
} {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const value = (c: InstanceType<typeof ICAL.Component>, name: string): string | null => {
    const v = c.getFirstPropertyValue(name);
    return v === null || v === undefined ? null : String(v);
  };
  const instant = (c: InstanceType<typeof ICAL.Component>, name: string): string | null => {
    const v = c.getFirstPropertyValue(name) as InstanceType<typeof ICAL.Time> | null;
    return v ? v.toJSDate().toISOString() : null;
  };
  return {
    name: value(calendar, 'x-wr-calname'),
    refresh: value(calendar, 'refresh-interval'),
    ttl: value(calendar, 'x-published-ttl'),
    events: calendar.getAllSubcomponents('vevent').map((e) => ({
      uid: value(e, 'uid')!,
      summary: value(e, 'summary')!,
      sequence: Number(value(e, 'sequence')),
      status: value(e, 'status'),
      location: value(e, 'location'),
      url: value(e, 'url'),
      description: value(e, 'description'),
      start: instant(e, 'dtstart')!,
      end: instant(e, 'dtend'),
      stamp: instant(e, 'dtstamp')!,
      lastModified: instant(e, 'last-modified'),
    })),
  };
}

/** The feed's VEVENTs through node-ical, keyed by UID. */
export function parseWithNodeIcal(text: string): Map<string, nodeIcal.VEvent> {
  const parsed = nodeIcal.sync.parseICS(text);
  const events = new Map<string, nodeIcal.VEvent>();
  for (const component of Object.values(parsed)) {
    if (component && component.type === 'VEVENT') events.set(component.uid, component);
  }
  return events;
}

/** node-ical gives a property either as its value or as {params, val}. */
export function plain(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && 'val' in (value as Record<string, unknown>))
    return String((value as { val: unknown }).val);
  return String(value);
}
