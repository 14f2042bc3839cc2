import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { zoomKeys } from '../../../api/zoom';

interface Notice {
  ok: boolean;
  title: string;
  text: string;
}

/** What the OAuth round trip's answer means, and what to do next (the guide's troubleshooting). */
function noticeFor(zoom: string | null, reason: string | null): Notice | null {
  if (zoom === 'connected') {
    return {
      ok: true,
      title: 'Zoom is connected',
      text: 'Your Zoom account is linked. Add Zoom meeting on a case event now creates the meeting in your own Zoom account.',
    };
  }
  if (zoom !== 'error') return null;
  const title = 'Zoom was not connected';
  switch (reason) {
    case 'access_denied':
      return {
        ok: false,
        title,
        text: 'You did not approve access at Zoom, so nothing was connected. To connect, click Connect, sign in to Zoom and approve the requested permissions.',
      };
    case 'invalid_state':
      return {
        ok: false,
        title,
        text: 'The Zoom sign-in could not be matched to this browser: the link expired (after 10 minutes), was already used, or was opened in another browser. Click Connect again in this browser and finish signing in to Zoom.',
      };
    case 'exchange_failed':
      return {
        ok: false,
        title,
        text: 'Zoom did not complete the authorization. Click Connect again and re-authorize in Zoom. If it keeps failing, check that your Zoom account can host meetings, or ask an administrator to check the Zoom app settings on the server.',
      };
    default:
      return {
        ok: false,
        title,
        text: 'Something went wrong while connecting to Zoom. Click Connect again and re-authorize in Zoom.',
      };
  }
}

/** Read once after the browser comes back from Zoom, then the query string is cleared (a reload does not repeat it). */
export function ZoomReturnNotice() {
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState(() => noticeFor(params.get('zoom'), params.get('reason')));

  useEffect(() => {
    if (!params.has('zoom')) return;
    void queryClient.invalidateQueries({ queryKey: zoomKeys.card });
    setParams({}, { replace: true });
  }, [params, setParams, queryClient]);

  if (!notice) return null;
  return (
    <Alert
      color={notice.ok ? 'green' : 'red'}
      title={notice.title}
      role={notice.ok ? 'status' : 'alert'}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setNotice(null)}
    >
      {notice.text}
    </Alert>
  );
}
