import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Client = components['schemas']['ClientViewDto'];
export type CreateClientBody = components['schemas']['CreateClientDto'];
export type UpdateClientBody = components['schemas']['UpdateClientDto'];

export const clientKeys = {
  all: ['clients'] as const,
  list: (q: string) => ['clients', 'list', q] as const,
  one: (id: string) => ['clients', 'one', id] as const,
};

const PAGE = 50;

/** The firm's clients matching `q`, a page at a time (oldest first, as the API orders them). */
export function useClientList(q: string) {
  return useInfiniteQuery({
    queryKey: clientKeys.list(q),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/clients', { params: { query: { q: q || undefined, cursor: pageParam, limit: PAGE } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useClient(id: string) {
  return useQuery({
    queryKey: clientKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/clients/{id}', { params: { path: { id } } })),
  });
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateClientBody) => unwrap(api.POST('/api/v1/clients', { body })),
    onSuccess: (client) => {
      queryClient.setQueryData(clientKeys.one(client.id), client);
      return queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
    },
  });
}

export function useUpdateClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateClientBody) =>
      unwrap(api.PATCH('/api/v1/clients/{id}', { params: { path: { id } }, body })),
    onSuccess: (client) => {
      queryClient.setQueryData(clientKeys.one(id), client);
      return queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
    },
  });
}
