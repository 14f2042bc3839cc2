import type { CaseEventSnapshot } from '../case-events/case-event-hooks.js';

/** All a client sees of an event: no description, staff, Zoom meeting id or case. */
export const portalEventView = (e: CaseEventSnapshot) => ({
  id: e.id,
  title: e.title,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt?.toISOString() ?? null,
  timezone: e.timezone,
  location: e.location,
  videoLink: e.videoLink,
  status: e.status,
});

export type PortalEventView = ReturnType<typeof portalEventView>;
