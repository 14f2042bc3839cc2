import { createBrowserRouter } from 'react-router';
import { NotFoundPage } from '../components/NotFoundPage';
import { LoginPage } from '../features/auth/LoginPage';
import { SignupPage } from '../features/auth/SignupPage';
import { casesRoutes } from '../features/cases/routes';
import { clientsRoutes } from '../features/clients/routes';
import { eventsRoutes } from '../features/events/routes';
import { integrationsRoutes } from '../features/integrations/routes';
import { messagingRoutes } from '../features/messaging/routes';
import { portalRoutes } from '../features/portal/routes';
import { profileRoutes } from '../features/profile/routes';
import { teamRoutes } from '../features/team/routes';
import { RequireStaff } from './RequireStaff';

/** Every page of api.md's "The web pages"; the server answers 404 for any other path, and so does this. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  ...portalRoutes,
  {
    element: <RequireStaff />,
    children: [
      ...eventsRoutes,
      ...casesRoutes,
      ...clientsRoutes,
      ...integrationsRoutes,
      ...teamRoutes,
      ...messagingRoutes,
      ...profileRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
