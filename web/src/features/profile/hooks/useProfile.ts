import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type CalendarFeed = components['schemas']['CalendarFeedViewDto'];

const profileKeys = { feeds: ['profile', 'calendar-feeds'] as const };

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: components['schemas']['ChangePasswordDto']) => unwrap(api.POST('/api/v1/me/password', { body })),
  });
}

/** The caller's calendar feeds, without URLs (every page). */
export function useMyFeeds() {
  return useQuery({
    queryKey: profileKeys.feeds,
    queryFn: async () => {
      const feeds: CalendarFeed[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/calendar-feeds', { params: { query: { cursor, limit: 500 } } }));
        feeds.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return feeds;
    },
  });
}

export function useCreateMyFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/calendar-feeds', { body: { scope: 'me' } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.feeds }),
  });
}

export function useRotateFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/calendar-feeds/{id}/rotate', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.feeds }),
  });
}

export function useDeleteFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/calendar-feeds/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.feeds }),
  });
}
