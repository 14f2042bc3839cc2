import type { RouteObject } from 'react-router';

export const casesRoutes: RouteObject[] = [
  { path: '/cases', lazy: async () => ({ Component: (await import('./components/CasesPage')).CasesPage }) },
  { path: '/cases/:caseId', lazy: async () => ({ Component: (await import('./components/CasePage')).CasePage }) },
];
