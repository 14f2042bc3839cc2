import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const messagingRoutes: RouteObject[] = [
  { path: '/account/settings/firm/messaging', element: <Placeholder title="Messaging" /> },
];
