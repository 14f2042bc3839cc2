import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const teamRoutes: RouteObject[] = [
  { path: '/account/settings/firm/team', element: <Placeholder title="Team" /> },
];
