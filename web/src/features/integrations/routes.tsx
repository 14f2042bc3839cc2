import type { RouteObject } from 'react-router';

export const integrationsRoutes: RouteObject[] = [
  { path: '/account/settings/firm/integrations', lazy: async () => ({ Component: (await import('./IntegrationsPage')).IntegrationsPage }) },
];
