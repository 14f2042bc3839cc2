import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { zoomKeys } from '../../../api/zoom';

/** Connect: the server answers Zoom's consent page (and sets the cookie binding the flow to this browser); the browser goes there. */
export function useConnectZoom() {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/integrations/zoom/connect')),
    onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
  });
}

/** Disconnect: revokes at Zoom and deletes the stored credential; `revoked` says whether Zoom confirmed. */
export function useDisconnectZoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/integrations/zoom')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: zoomKeys.card }),
  });
}
