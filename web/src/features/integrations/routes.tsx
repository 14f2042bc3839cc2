import type { RouteObject } from 'react-router';
import { Placeholder } from '../../components/Placeholder';

export const integrationsRoutes: RouteObject[] = [
  { path: '/account/settings/firm/integrations', element: <Placeholder title="Integrations" /> },
];
