import type { RouteObject } from 'react-router';
import { Loading } from '../../components/QueryState';

export const integrationsRoutes: RouteObject[] = [
  {
    path: '/account/settings/firm/integrations',
    HydrateFallback: Loading,
    lazy: async () => ({ Component: (await import('./IntegrationsPage')).IntegrationsPage }),
  },
];
