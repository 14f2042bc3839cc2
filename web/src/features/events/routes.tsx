import type { RouteObject } from 'react-router';

/** Each page loads on first visit, so the first page's JS stays small. */
export const eventsRoutes: RouteObject[] = [
  { path: '/', lazy: async () => ({ Component: (await import('./UpcomingEventsPage')).UpcomingEventsPage }) },
  { path: '/cases/:caseId/events/new', lazy: async () => ({ Component: (await import('./NewEventPage')).NewEventPage }) },
  { path: '/events/:eventId', lazy: async () => ({ Component: (await import('./EventPage')).EventPage }) },
];
