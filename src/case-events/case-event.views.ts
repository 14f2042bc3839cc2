import type { CaseEvent } from './case-event.entity.js';

/** What the staff API shows of an event. */
export const caseEventView = (e: CaseEvent, staffIds: string[]) => ({
  id: e.id,
  caseId: e.caseId,
  title: e.title,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt?.toISOString() ?? null,
  timezone: e.timezone,
  location: e.location,
  description: e.description,
  videoLink: e.videoLink,
  zoomMeetingId: e.zoomMeetingId,
  sharedWithClients: e.sharedWithClients,
  staffIds: [...staffIds],
  status: e.status,
  createdBy: e.createdBy,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

export type CaseEventView = ReturnType<typeof caseEventView>;
