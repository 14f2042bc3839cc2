import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const portalRoutes: RouteObject[] = [
  { path: '/portal/:firmId/login', element: <Placeholder title="Client portal" /> },
  { path: '/portal', element: <Placeholder title="Your appointments" /> },
];
