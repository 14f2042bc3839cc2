import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const casesRoutes: RouteObject[] = [
  { path: '/cases', element: <Placeholder title="Cases" /> },
  { path: '/cases/:caseId', element: <Placeholder title="Case" /> },
];
