import type { RouteObject } from 'react-router';

export const teamRoutes: RouteObject[] = [
  {
    path: '/account/settings/firm/team',
    lazy: async () => ({ Component: (await import('./components/TeamPage')).TeamPage }),
  },
];
