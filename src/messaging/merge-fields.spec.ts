import { describe, expect, it } from '@jest/globals';
import {
  buildMergeValues,
  exampleMergeValues,
  isMergeFieldName,
  MERGE_FIELDS,
  type MergeInput,
} from './merge-fields.js';

const input = (overrides: { clientZone?: string | null; firmZone?: string; startsAt?: string } = {}): MergeInput => ({
  client: {
    firstName: 'Carla',
    lastName: 'Client',
    timezone: overrides.clientZone === undefined ? null : overrides.clientZone,
  },
  firm: { name: 'Acme Law LLP', timezone: overrides.firmZone ?? 'America/New_York' },
  event: {
    title: 'Initial consultation',
    startsAt: new Date(overrides.startsAt ?? '2026-12-01T20:00:00Z'),
    timezone: 'America/Chicago',
    location: null,
    videoLink: null,
  },
  caseTitle: 'Smith v. Jones',
});

describe('merge fields', () => {
  it('lists every field the contract names, each with a description and an example', () => {
    const names = MERGE_FIELDS.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'client_first_name',
        'client_last_name',
        'client_full_name',
        'event_title',
        'event_date',
        'event_time',
        'event_timezone',
        'event_location',
        'video_link',
        'case_title',
        'firm_name',
      ]),
    );
    for (const field of MERGE_FIELDS) {
      expect(field.description.length).toBeGreaterThan(10);
      expect(field.example.length).toBeGreaterThan(0);
    }
    expect(Object.keys(exampleMergeValues()).sort()).toEqual([...names].sort());
    expect(isMergeFieldName('video_link')).toBe(true);
    expect(isMergeFieldName('constructor')).toBe(false);
    expect(isMergeFieldName('__proto__')).toBe(false);
  });

  it('renders the date and time in the firm zone when the client has none: EST in winter', () => {
    expect(buildMergeValues(input())).toEqual({
      client_first_name: 'Carla',
      client_last_name: 'Client',
      client_full_name: 'Carla Client',
      event_title: 'Initial consultation',
      event_date: 'Tuesday, December 1, 2026',
      event_time: '3:00 PM',
      event_timezone: 'EST',
      event_location: '',
      video_link: '',
      case_title: 'Smith v. Jones',
      firm_name: 'Acme Law LLP',
    });
  });

  it('switches to EDT across the daylight-saving change', () => {
    const values = buildMergeValues(input({ startsAt: '2026-07-01T19:00:00Z' }));
    expect(values).toMatchObject({
      event_date: 'Wednesday, July 1, 2026',
      event_time: '3:00 PM',
      event_timezone: 'EDT',
    });
    // 2026-03-08 is the spring-forward Sunday in the US: 06:59Z is 1:59 AM EST, 07:00Z is 3:00 AM EDT.
    expect(buildMergeValues(input({ startsAt: '2026-03-08T06:59:00Z' }))).toMatchObject({
      event_time: '1:59 AM',
      event_timezone: 'EST',
    });
    expect(buildMergeValues(input({ startsAt: '2026-03-08T07:00:00Z' }))).toMatchObject({
      event_time: '3:00 AM',
      event_timezone: 'EDT',
    });
  });

  it("prefers the client's zone, and shows an offset where the zone has no abbreviation", () => {
    expect(buildMergeValues(input({ clientZone: 'Asia/Kolkata' }))).toMatchObject({
      event_date: 'Wednesday, December 2, 2026',
      event_time: '1:30 AM',
      event_timezone: 'GMT+5:30',
    });
    expect(buildMergeValues(input({ clientZone: 'Europe/London' }))).toMatchObject({
      event_time: '8:00 PM',
      event_timezone: 'GMT',
    });
    // US English has no abbreviation for British Summer Time, so it is shown as an offset.
    expect(buildMergeValues(input({ clientZone: 'Europe/London', startsAt: '2026-07-01T19:00:00Z' }))).toMatchObject({
      event_time: '8:00 PM',
      event_timezone: 'GMT+1',
    });
    expect(buildMergeValues(input({ clientZone: 'America/Los_Angeles' }))).toMatchObject({
      event_time: '12:00 PM',
      event_timezone: 'PST',
    });
  });

  it('falls back to the firm zone when the client zone is not a real zone', () => {
    expect(buildMergeValues(input({ clientZone: 'Mars/Olympus', firmZone: 'America/Chicago' }))).toMatchObject({
      event_time: '2:00 PM',
      event_timezone: 'CST',
    });
  });

  it('passes location and link through, and keeps names as they are (escaping is the renderer’s job)', () => {
    const base = input();
    const values = buildMergeValues({
      ...base,
      client: { ...base.client, firstName: '<b>&' },
      event: { ...base.event, location: '12 Main St', videoLink: 'https://zoom.us/j/85746065432?pwd=abc' },
    });
    expect(values).toMatchObject({
      client_first_name: '<b>&',
      client_full_name: '<b>& Client',
      event_location: '12 Main St',
      video_link: 'https://zoom.us/j/85746065432?pwd=abc',
    });
  });
});
