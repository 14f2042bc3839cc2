import type { RouteObject } from 'react-router';

export const profileRoutes: RouteObject[] = [
  {
    path: '/account/settings/profile',
    lazy: async () => ({ Component: (await import('./components/ProfilePage')).ProfilePage }),
  },
];
