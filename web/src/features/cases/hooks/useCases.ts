import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Case = components['schemas']['CaseViewDto'];
export type CaseEvent = components['schemas']['CaseEventViewDto'];

export const caseKeys = {
  list: (q: string) => ['cases', 'list', q] as const,
  one: (id: string) => ['cases', 'one', id] as const,
  events: (id: string) => ['cases', 'events', id] as const,
  clientOptions: ['cases', 'client-options'] as const,
  staffOptions: ['cases', 'staff-options'] as const,
};

export function useCaseList(q: string) {
  return useInfiniteQuery({
    queryKey: caseKeys.list(q),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/cases', { params: { query: { q: q || undefined, cursor: pageParam, limit: 50 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
}

/** The case's whole timeline, by start (every page, so nothing is silently left out). */
export function useCaseEvents(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.events(caseId),
    enabled,
    queryFn: async () => {
      const events: CaseEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET('/api/v1/cases/{caseId}/events', { params: { path: { caseId }, query: { cursor, limit: 500 } } }),
        );
        events.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return events;
    },
  });
}

/** Choices for the Clients and Staff pickers: the firm's clients and current members (first 500). */
export function useClientOptions() {
  return useQuery({
    queryKey: caseKeys.clientOptions,
    queryFn: async () => (await unwrap(api.GET('/api/v1/clients', { params: { query: { limit: 500 } } }))).items,
    staleTime: 30_000,
  });
}

export function useStaffOptions() {
  return useQuery({
    queryKey: caseKeys.staffOptions,
    queryFn: async () => (await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 500 } } }))).items,
    staleTime: 30_000,
  });
}

export function useCreateCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['CreateCaseDto']) => unwrap(api.POST('/api/v1/cases', { body })),
    onSuccess: (created) => {
      queryClient.setQueryData(caseKeys.one(created.id), created);
      return queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}

export function useUpdateCase(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['UpdateCaseDto']) =>
      unwrap(api.PATCH('/api/v1/cases/{id}', { params: { path: { id } }, body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(caseKeys.one(id), updated);
      return queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}
