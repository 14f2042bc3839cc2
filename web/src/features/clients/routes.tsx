import type { RouteObject } from 'react-router';

export const clientsRoutes: RouteObject[] = [
  { path: '/clients', lazy: async () => ({ Component: (await import('./components/ClientsPage')).ClientsPage }) },
  {
    path: '/clients/:clientId',
    lazy: async () => ({ Component: (await import('./components/ClientPage')).ClientPage }),
  },
];
