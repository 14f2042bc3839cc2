import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../../../api/client';

export const portalKeys = {
  all: ['portal'] as const,
  me: ['portal', 'me'] as const,
  events: ['portal', 'events'] as const,
};

/** The firm whose portal link the client came in by, so that signing out (or a dead session) goes back to that firm's sign-in. */
const FIRM_KEY = 'portal.firmId';
export const rememberFirm = (firmId: string): void => {
  try {
    sessionStorage.setItem(FIRM_KEY, firmId);
  } catch {
    // Storage refused (private mode): sign-out then says to use the firm's link.
  }
};
export const rememberedFirm = (): string | null => {
  try {
    return sessionStorage.getItem(FIRM_KEY);
  } catch {
    return null;
  }
};
export const portalLoginPath = (firmId: string | null): string | null =>
  firmId ? `/portal/${encodeURIComponent(firmId)}/login` : null;

export const isUnauthorized = (error: unknown): boolean => error instanceof ApiError && error.status === 401;

/** The signed-in client and their firm. */
export function usePortalMe() {
  return useQuery({ queryKey: portalKeys.me, queryFn: () => unwrap(api.GET('/api/v1/portal/me')), staleTime: 60_000 });
}

export type PortalMe = NonNullable<ReturnType<typeof usePortalMe>['data']>;

/** Every event shared with the client (all pages of the list answer); the page splits upcoming from past. */
export function usePortalEvents(enabled: boolean) {
  return useQuery({
    queryKey: portalKeys.events,
    enabled,
    queryFn: async () => {
      const items = [];
      let cursor: string | undefined;
      // A client's shared events are few; the bound keeps a runaway list from holding the page.
      for (let page = 0; page < 20; page++) {
        const answer = await unwrap(api.GET('/api/v1/portal/events', { params: { query: { limit: 500, cursor } } }));
        items.push(...answer.items);
        if (!answer.nextCursor) break;
        cursor = answer.nextCursor;
      }
      return items;
    },
  });
}

export type PortalEvent = NonNullable<ReturnType<typeof usePortalEvents>['data']>[number];

export function usePortalLogin(firmId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: { email: string; password: string }) =>
      unwrap(
        api.POST('/api/v1/portal/auth/login', {
          params: { query: { session: 'cookie' } },
          body: { ...values, firmId },
        }),
      ),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: portalKeys.all });
      rememberFirm(firmId);
    },
  });
}

export function usePortalLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/portal/auth/logout')),
    onSettled: () => queryClient.removeQueries({ queryKey: portalKeys.all }),
  });
}

/** A new feed URL: the server replaces any earlier one, so only the client's click asks for it. */
export function useCalendarFeed() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/portal/calendar-feed')) });
}
