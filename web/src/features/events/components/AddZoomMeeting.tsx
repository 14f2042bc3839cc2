import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { useZoomCard } from '../../../api/zoom';
import { MeetingError, useAddZoomMeeting, type MeetingRequest } from '../hooks/useAddZoomMeeting';

const INTEGRATIONS = '/account/settings/firm/integrations';
const CONNECT_FIRST = 'Connect Zoom first under Integrations';
const CREATION_FAILS =
  'Confirm the event has a title and valid start time. Check that your Zoom account can host meetings and that you completed OAuth successfully.';

const toIntegrations = (text: string) => (
  <Anchor component={Link} to={INTEGRATIONS}>
    {text}
  </Anchor>
);

/** Every meeting refusal in words, with what to do (the guide's troubleshooting). */
function whatToDo(error: unknown): { title: string; body: ReactNode } {
  const code = error instanceof MeetingError ? error.code : null;
  const cause = error instanceof MeetingError ? error.cause : error;
  const wait =
    error instanceof MeetingError && error.retryAfterSeconds ? `${error.retryAfterSeconds} seconds` : 'a minute';
  switch (code) {
    case 'zoom_not_connected':
      return {
        title: 'Zoom is not connected',
        body: <>{toIntegrations(CONNECT_FIRST)}, then click Add Zoom meeting again.</>,
      };
    case 'zoom_reconnect_needed':
      return {
        title: 'Reconnect needed',
        body: (
          <>
            Zoom no longer accepts your connection (the refresh token expired or was revoked at Zoom). Click Connect
            again under {toIntegrations('Integrations')} and re-authorize in Zoom.
          </>
        ),
      };
    case 'event_title_required':
    case 'event_start_required':
    case 'zoom_cannot_host':
      return {
        title: 'Meeting creation failed',
        body: (
          <>
            {errorMessage(cause)} {CREATION_FAILS}
          </>
        ),
      };
    case 'zoom_rate_limited':
      return {
        title: 'Zoom is limiting requests',
        body: `Zoom asked us to slow down. Wait ${wait}, then click Add Zoom meeting again.`,
      };
    case 'request_in_progress':
      return {
        title: 'Still creating the meeting',
        body: `Zoom is still creating this meeting. Wait ${wait} and click Add Zoom meeting again: it will not make a second meeting.`,
      };
    case 'zoom_unavailable':
      return { title: 'Zoom could not be reached', body: 'Zoom is down or not answering. Try again in a moment.' };
    case 'subscription_inactive':
      return {
        title: 'Subscription inactive',
        body: `${errorMessage(cause)} Creating Zoom meetings needs an active subscription.`,
      };
    default:
      return {
        title: 'Meeting creation failed',
        body: (
          <>
            {errorMessage(cause)} {CREATION_FAILS}
          </>
        ),
      };
  }
}

interface Props {
  /** The form's meeting fields, or null while it lacks a title or a valid start. */
  request: MeetingRequest | null;
  eventId?: string;
  draftKey: string;
  disabledReason?: string;
  onCreated: (meeting: { joinUrl: string; meetingId: string | null }) => void;
}

/** Add Zoom meeting: fills the video link; where Zoom is not connected it points to Integrations instead. */
export function AddZoomMeeting({ request, eventId, draftKey, disabledReason, onCreated }: Props) {
  const card = useZoomCard();
  const add = useAddZoomMeeting(eventId, draftKey);

  if (card.data && card.data.status !== 'connected') {
    return (
      <Stack gap={2}>
        <Text size="sm">
          {toIntegrations(CONNECT_FIRST)}
          {card.data.status === 'reconnect_needed' && ': Zoom needs you to click Connect again and re-authorize.'}
        </Text>
        {!card.data.available && (
          <Text size="xs" c="dimmed">
            Zoom is not enabled on this deployment: ask an admin to enable Zoom OAuth on the server.
          </Text>
        )}
      </Stack>
    );
  }

  const reason = disabledReason ?? (request ? null : 'Enter a title and a start date and time first.');
  const problem = add.isError ? whatToDo(add.error) : null;
  return (
    <Stack gap="xs" align="flex-start">
      <Button
        variant="light"
        onClick={() => request && add.mutate(request, { onSuccess: onCreated })}
        disabled={reason !== null || card.isPending}
        loading={add.isPending}
        aria-describedby={reason ? 'add-zoom-meeting-reason' : undefined}
      >
        Add Zoom meeting
      </Button>
      {reason && (
        <Text id="add-zoom-meeting-reason" size="xs" c="dimmed">
          {reason}
        </Text>
      )}
      {add.isSuccess && !add.isPending && (
        <Text size="xs" c="green.8" role="status">
          Zoom meeting created: the video link is filled in.
        </Text>
      )}
      {problem && (
        <Alert color="red" role="alert" title={problem.title} w="100%">
          {problem.body}
        </Alert>
      )}
    </Stack>
  );
}
