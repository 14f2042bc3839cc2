import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';
import type { StaffMember } from './identity.factory.js';

export interface EventBody {
  id: string;
  caseId: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
  location: string | null;
  description: string | null;
  videoLink: string | null;
  zoomMeetingId: string | null;
  sharedWithClients: boolean;
  staffIds: string[];
  status: 'scheduled' | 'cancelled';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A valid create body with a unique title; overrides win. */
export function eventInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: `Hearing ${randomUUID().slice(0, 6)}`,
    startsAt: '2026-12-01T15:00:00-05:00',
    endsAt: '2026-12-01T16:00:00-05:00',
    timezone: 'America/New_York',
    ...overrides,
  };
}

/** A Zoom-looking join link and its meeting id. */
export function zoomLink(): { videoLink: string; zoomMeetingId: string } {
  const zoomMeetingId = String(10_000_000_000 + Math.floor(Math.random() * 89_999_999_999));
  return { videoLink: `https://zoom.us/j/${zoomMeetingId}?pwd=${randomUUID().replace(/-/g, '')}`, zoomMeetingId };
}

export async function createEvent(t: TestApp, staff: StaffMember, caseId: string, overrides: Record<string, unknown> = {}): Promise<EventBody> {
  const res = await t.http().post(`/api/v1/cases/${caseId}/events`).set('Authorization', `Bearer ${staff.token}`).send(eventInput(overrides));
  if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventBody;
}
