import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** The caller's Zoom card: the integrations page shows it, the event form asks it whether Add Zoom meeting can work. */
export const zoomKeys = { card: ['zoom', 'card'] as const };

export function useZoomCard() {
  return useQuery({
    queryKey: zoomKeys.card,
    queryFn: () => unwrap(api.GET('/api/v1/integrations/zoom')),
    staleTime: 30_000,
  });
}

export type ZoomCard = NonNullable<ReturnType<typeof useZoomCard>['data']>;
