import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap } from './client';

export const sessionKeys = { me: ['session', 'me'] as const };

/** Who is signed in (staff), or null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: sessionKeys.me,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/v1/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export type Me = NonNullable<ReturnType<typeof useMe>['data']>;

export const hasTeamSettings = (me: Me): boolean => (me.user.permissions as string[]).includes('team_settings');
export const hasActiveSubscription = (me: Me): boolean =>
  ['trialing', 'active'].includes(me.firm.subscriptionStatus as string);
