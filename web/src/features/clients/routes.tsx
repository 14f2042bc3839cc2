import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const clientsRoutes: RouteObject[] = [
  { path: '/clients', element: <Placeholder title="Clients" /> },
  { path: '/clients/:clientId', element: <Placeholder title="Client" /> },
];
