import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { api, unwrap } from '../../../api/client';

export const eventKeys = {
  all: ['events'] as const,
  upcoming: (mine: boolean) => ['events', 'upcoming', mine] as const,
  one: (id: string) => ['events', 'one', id] as const,
  deliveries: (id: string) => ['events', 'deliveries', id] as const,
  caseOf: (id: string) => ['events', 'case', id] as const,
  client: (id: string) => ['events', 'client', id] as const,
  team: ['events', 'team'] as const,
};

/** Events that started up to a day ago or later: the page keeps those that have not ended (one in progress keeps its Join). */
export function useUpcomingEvents(mine: boolean) {
  return useInfiniteQuery({
    queryKey: eventKeys.upcoming(mine),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const from = DateTime.now().minus({ days: 1 }).toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
      const query = {
        mine: mine ? ('true' as const) : ('false' as const),
        from,
        limit: 50,
        ...(pageParam ? { cursor: pageParam } : {}),
      };
      return unwrap(api.GET('/api/v1/events', { params: { query } }));
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useEvent(id: string) {
  return useQuery({
    queryKey: eventKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/events/{id}', { params: { path: { id } } })),
  });
}

export type CaseEvent = NonNullable<ReturnType<typeof useEvent>['data']>;

export function useDeliveries(eventId: string) {
  return useInfiniteQuery({
    queryKey: eventKeys.deliveries(eventId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/events/{id}/deliveries', {
          params: { path: { id: eventId }, query: pageParam ? { cursor: pageParam } : {} },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCase(caseId: string) {
  return useQuery({
    queryKey: eventKeys.caseOf(caseId),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } })),
    staleTime: 60_000,
  });
}

export function useClient(clientId: string) {
  return useQuery({
    queryKey: eventKeys.client(clientId),
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}', { params: { path: { id: clientId } } })),
    staleTime: 60_000,
  });
}

/** The firm's current members, for the event's Staff field. */
export function useTeamMembers() {
  return useQuery({
    queryKey: eventKeys.team,
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 500 } } })),
    staleTime: 60_000,
  });
}
