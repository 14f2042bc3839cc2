import { isoInstant } from '../common/time.js';
import type { CaseEvent } from './case-event.entity.js';

/** What the staff API shows of an event. */
export const caseEventView = (e: CaseEvent, staffIds: string[]) => ({
  id: e.id,
  caseId: e.caseId,
  title: e.title,
  startsAt: isoInstant(e.startsAt),
  endsAt: e.endsAt ? isoInstant(e.endsAt) : null,
  timezone: e.timezone,
  location: e.location,
  description: e.description,
  videoLink: e.videoLink,
  zoomMeetingId: e.zoomMeetingId,
  sharedWithClients: e.sharedWithClients,
  staffIds: [...staffIds],
  status: e.status,
  createdBy: e.createdBy,
  createdAt: isoInstant(e.createdAt),
  updatedAt: isoInstant(e.updatedAt),
});

export type CaseEventView = ReturnType<typeof caseEventView>;
