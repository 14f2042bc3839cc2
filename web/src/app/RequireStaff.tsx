import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { onSessionEnded } from '../api/client';
import { sessionKeys, useMe } from '../api/session';
import { ErrorState, Loading } from '../components/QueryState';
import { Shell } from './Shell';

/**
 * The staff pages: a signed-out visitor goes to /login and comes back here after signing in; a
 * session that dies while a page is open (expired, signed out elsewhere, removed from the team) does
 * the same, and forms keep what was typed (useDraft).
 */
export function RequireStaff() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const here = `${location.pathname}${location.search}`;

  useEffect(
    () =>
      onSessionEnded(() => {
        queryClient.setQueryData(sessionKeys.me, null);
        void navigate(
          `/login?expired=1&next=${encodeURIComponent(`${window.location.pathname}${window.location.search}`)}`,
          { replace: true },
        );
      }),
    [navigate, queryClient],
  );

  if (me.isPending) return <Loading label="Signing you in…" />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(here)}`} replace />;
  return <Shell me={me.data} />;
}
