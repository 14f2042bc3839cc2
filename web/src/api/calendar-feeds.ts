import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type CalendarFeed = components['schemas']['CalendarFeedViewDto'];
type NewFeed = components['schemas']['CreateCalendarFeedDto'];

/** One list of the caller's feeds (the API lists every scope together), shared by the pages that show them. */
const feedKeys = { mine: ['calendar-feeds', 'mine'] as const };

/** The caller's calendar feeds, without URLs (every page). */
export function useMyCalendarFeeds() {
  return useQuery({
    queryKey: feedKeys.mine,
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

/** Create, rotate and delete: each answer (a URL, shown once) comes back to the caller; the list refreshes. */
export function useCalendarFeedActions(newFeed: NewFeed) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: feedKeys.mine });
  return {
    create: useMutation({
      mutationFn: () => unwrap(api.POST('/api/v1/calendar-feeds', { body: newFeed })),
      onSuccess: refresh,
    }),
    rotate: useMutation({
      mutationFn: (id: string) => unwrap(api.POST('/api/v1/calendar-feeds/{id}/rotate', { params: { path: { id } } })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/calendar-feeds/{id}', { params: { path: { id } } })),
      onSuccess: refresh,
    }),
  };
}
