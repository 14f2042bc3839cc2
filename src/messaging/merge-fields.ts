import { DateTime, IANAZone } from 'luxon';

/** One value a template may use, as `{{ name }}`. */
export interface MergeField {
  name: string;
  description: string;
  example: string;
}

export const MERGE_FIELDS = [
  { name: 'client_first_name', description: "The client's first name.", example: 'Carla' },
  { name: 'client_last_name', description: "The client's last name.", example: 'Client' },
  { name: 'client_full_name', description: "The client's first and last name.", example: 'Carla Client' },
  { name: 'event_title', description: 'The title of the event.', example: 'Initial consultation' },
  {
    name: 'event_date',
    description: "The day the event starts, in the client's time zone (else the firm's).",
    example: 'Tuesday, December 1, 2026',
  },
  {
    name: 'event_time',
    description: "The time the event starts, in the client's time zone (else the firm's).",
    example: '3:00 PM',
  },
  {
    name: 'event_timezone',
    description: 'The time zone the date and time are shown in: its abbreviation, else its offset.',
    example: 'EST',
  },
  {
    name: 'event_location',
    description: 'Where the event takes place; empty when it has no location.',
    example: '12 Main Street, Suite 400',
  },
  {
    name: 'video_link',
    description: 'The link that joins the video meeting; empty when the event has none.',
    example: 'https://zoom.us/j/85746065432',
  },
  { name: 'case_title', description: 'The title of the case the event belongs to.', example: 'Smith v. Jones' },
  { name: 'firm_name', description: "Your firm's name.", example: 'Acme Law LLP' },
] as const satisfies readonly MergeField[];

export type MergeFieldName = (typeof MERGE_FIELDS)[number]['name'];

/** Every merge field with its value: what a template renders against. */
export type MergeValues = Record<MergeFieldName, string>;

const NAMES: ReadonlySet<string> = new Set(MERGE_FIELDS.map((f) => f.name));

export function isMergeFieldName(name: string): name is MergeFieldName {
  return NAMES.has(name);
}

/** The example values, used to try a template out when it is saved. */
export function exampleMergeValues(): MergeValues {
  return Object.fromEntries(MERGE_FIELDS.map((f) => [f.name, f.example])) as MergeValues;
}

/** What the merge values are computed from; plain data, so no module depends on another's entities. */
export interface MergeInput {
  client: { firstName: string; lastName: string; timezone: string | null };
  firm: { name: string; timezone: string };
  event: {
    title: string;
    startsAt: Date;
    /** The zone the event was planned in; merge values follow the reader (client, else firm) instead. */
    timezone: string;
    location: string | null;
    videoLink: string | null;
  };
  caseTitle: string;
}

/** The zone dates are shown in: the client's, else the firm's, else UTC. */
export function readerTimeZone(input: Pick<MergeInput, 'client' | 'firm'>): string {
  for (const zone of [input.client.timezone, input.firm.timezone]) {
    // IANAZone.create caches per name; isValidZone builds a new formatter on every call.
    if (zone && IANAZone.create(zone).isValid) return zone;
  }
  return 'UTC';
}

/** The merge values for one client and one event, dates in US English. */
export function buildMergeValues(input: MergeInput): MergeValues {
  const { client, firm, event, caseTitle } = input;
  const when = startTexts(event.startsAt, readerTimeZone(input));
  return {
    client_first_name: client.firstName,
    client_last_name: client.lastName,
    client_full_name: `${client.firstName} ${client.lastName}`.trim(),
    event_title: event.title,
    event_date: when.date,
    event_time: when.time,
    event_timezone: when.timezone,
    event_location: event.location ?? '',
    video_link: event.videoLink ?? '',
    case_title: caseTitle,
    firm_name: firm.name,
  };
}

interface StartTexts {
  date: string;
  time: string;
  timezone: string;
}

/** Formatted starts by instant and zone: a worker writes the same event's time for each of its clients. */
const startTextsSeen = new Map<string, StartTexts>();

/** The start as merge fields show it, in the zone; luxon's formatting is most of a message's merge values, so each answer is kept. */
function startTexts(startsAt: Date, zone: string): StartTexts {
  const key = `${startsAt.getTime()}|${zone}`;
  let texts = startTextsSeen.get(key);
  if (texts === undefined) {
    const at = DateTime.fromJSDate(startsAt, { zone }).setLocale('en-US');
    // The short name where the locale has one (EST), else the offset (GMT+5:30).
    texts = { date: at.toFormat('cccc, LLLL d, yyyy'), time: at.toFormat('h:mm a'), timezone: zoneAbbreviation(at) };
    // Bounded like a cache, but simply: when full, start again.
    if (startTextsSeen.size >= 10_000) startTextsSeen.clear();
    startTextsSeen.set(key, texts);
  }
  return texts;
}

const abbreviations = new Map<string, string>();

/** "EST", or "GMT+5:30" where the zone has no abbreviation; luxon builds a formatter per call, so keep each answer. */
function zoneAbbreviation(at: DateTime): string {
  const key = `${at.zoneName}|${at.offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = at.toFormat('ZZZZ');
    if (abbreviations.size < 10_000) abbreviations.set(key, name);
  }
  return name;
}
