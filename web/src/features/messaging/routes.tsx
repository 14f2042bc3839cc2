import type { RouteObject } from 'react-router';

export const messagingRoutes: RouteObject[] = [
  {
    path: '/account/settings/firm/messaging',
    lazy: async () => ({ Component: (await import('./components/MessagingPage')).MessagingPage }),
  },
];
