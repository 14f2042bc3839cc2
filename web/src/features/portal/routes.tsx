import type { RouteObject } from 'react-router';

/** The client portal: outside the staff shell, with a session of its own. */
export const portalRoutes: RouteObject[] = [
  {
    path: '/portal/:firmId/login',
    lazy: async () => ({ Component: (await import('./components/PortalLoginPage')).PortalLoginPage }),
  },
  { path: '/portal', lazy: async () => ({ Component: (await import('./components/PortalPage')).PortalPage }) },
];
