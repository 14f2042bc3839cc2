import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseEvent, CaseEventStaff } from '../../src/case-events/case-event.entity.js';
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

export async function createEvent(
  t: TestApp,
  staff: StaffMember,
  caseId: string,
  overrides: Record<string, unknown> = {},
): Promise<EventBody> {
  const res = await t
    .http()
    .post(`/api/v1/cases/${caseId}/events`)
    .set('Authorization', `Bearer ${staff.token}`)
    .send(eventInput(overrides));
  if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as EventBody;
}

/** What insertEvents needs to know of each event; the rest are plain defaults. */
export interface EventRowPlan {
  firmId: string;
  caseId: string;
  createdBy: string;
  startsAt: Date;
  staffIds?: string[];
  status?: 'scheduled' | 'cancelled';
}

/**
 * Events written straight through the DataSource in batches, for tests and benchmarks that need
 * thousands (the API would take minutes). No hooks run: no reminders are planned for them.
 */
export async function insertEvents(dataSource: DataSource, plans: EventRowPlan[], batch = 500): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  for (let at = 0; at < plans.length; at += batch) {
    const slice = plans.slice(at, at + batch).map((plan) => ({ plan, id: randomUUID() }));
    await dataSource.transaction(async (em) => {
      // updateEntity(false): no read-back of defaults, which on SQLite is one huge WHERE over the batch.
      await em
        .createQueryBuilder()
        .insert()
        .into(CaseEvent)
        .updateEntity(false)
        .values(
          slice.map(({ plan, id }) => ({
            id,
            firmId: plan.firmId,
            caseId: plan.caseId,
            title: `Seeded ${id.slice(0, 6)}`,
            startsAt: plan.startsAt,
            endsAt: new Date(plan.startsAt.getTime() + 3_600_000),
            timezone: 'America/New_York',
            location: 'Courtroom 4B',
            description: null,
            videoLink: null,
            zoomMeetingId: null,
            sharedWithClients: false,
            status: plan.status ?? 'scheduled',
            cancelledAt: plan.status === 'cancelled' ? now : null,
            sequence: 0,
            createdBy: plan.createdBy,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .execute();
      const links = slice.flatMap(({ plan, id }) => (plan.staffIds ?? []).map((userId) => ({ eventId: id, userId })));
      for (let l = 0; l < links.length; l += batch) {
        await em
          .createQueryBuilder()
          .insert()
          .into(CaseEventStaff)
          .updateEntity(false)
          .values(links.slice(l, l + batch))
          .execute();
      }
    });
    ids.push(...slice.map(({ id }) => id));
  }
  return ids;
}
