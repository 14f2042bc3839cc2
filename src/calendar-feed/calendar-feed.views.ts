import type { CalendarFeed } from './calendar-feed.entity.js';

/** A staff feed as the list shows it: never its URL, which exists only when issued. */
export const calendarFeedView = (f: CalendarFeed) => ({
  id: f.id,
  scope: f.scope,
  caseId: f.caseId,
  name: f.name,
  createdAt: f.createdAt.toISOString(),
});

export type CalendarFeedView = ReturnType<typeof calendarFeedView>;

/** The URL of a feed, in both schemes; the token it carries is shown this once. */
export interface FeedUrls {
  url: string;
  webcalUrl: string;
}

export type IssuedCalendarFeed = CalendarFeedView & FeedUrls;
