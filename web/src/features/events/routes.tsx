import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const eventsRoutes: RouteObject[] = [
  { path: '/', element: <Placeholder title="Upcoming events" /> },
  { path: '/cases/:caseId/events/new', element: <Placeholder title="New event" /> },
  { path: '/events/:eventId', element: <Placeholder title="Event" /> },
];
