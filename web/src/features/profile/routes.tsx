import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const profileRoutes: RouteObject[] = [
  { path: '/account/settings/profile', element: <Placeholder title="Profile" /> },
];
