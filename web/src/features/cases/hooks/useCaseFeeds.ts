import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

const feedKeys = { mine: ['cases', 'calendar-feeds'] as const };

/** The caller's feeds of one case (the API lists a caller's feeds of every scope; first 500). */
export function useCaseFeeds(caseId: string) {
  return useQuery({
    queryKey: feedKeys.mine,
    queryFn: async () => (await unwrap(api.GET('/api/v1/calendar-feeds', { params: { query: { limit: 500 } } }))).items,
    select: (feeds) => feeds.filter((f) => f.scope === 'case' && f.caseId === caseId),
  });
}

export function useCreateCaseFeed(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/calendar-feeds', { body: { scope: 'case', caseId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedKeys.mine }),
  });
}

export function useRotateFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/calendar-feeds/{id}/rotate', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedKeys.mine }),
  });
}

export function useDeleteFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/calendar-feeds/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedKeys.mine }),
  });
}
