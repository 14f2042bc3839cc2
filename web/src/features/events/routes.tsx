import type { RouteObject } from 'react-router';
import { Loading } from '../../components/QueryState';

/** Each page loads on first visit, so the first page's JS stays small. */
export const eventsRoutes: RouteObject[] = [
  {
    path: '/',
    HydrateFallback: Loading,
    lazy: async () => ({ Component: (await import('./UpcomingEventsPage')).UpcomingEventsPage }),
  },
  {
    path: '/cases/:caseId/events/new',
    HydrateFallback: Loading,
    lazy: async () => ({ Component: (await import('./NewEventPage')).NewEventPage }),
  },
  {
    path: '/events/:eventId',
    HydrateFallback: Loading,
    lazy: async () => ({ Component: (await import('./EventPage')).EventPage }),
  },
];
