import { Alert, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, errorMessage, unwrap } from '../../api/client';
import { PageLayout } from '../../components/PageLayout';
import { QueryState } from '../../components/QueryState';
import { CaseLink } from './components/CaseLink';
import { DeliveriesTable } from './components/DeliveriesTable';
import { EventForm, type EventBody } from './components/EventForm';
import { formatWhen } from '../../components/zoned-time';
import { eventToValues } from './hooks/useEventForm';
import { eventKeys, useEvent, type CaseEvent } from './hooks/useEventQueries';

function CancelEvent({ event }: { event: CaseEvent }) {
  const [opened, { open, close }] = useDisclosure(false);
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/events/{id}', { params: { path: { id: event.id } } })),
    onSuccess: async () => {
      close();
      await queryClient.invalidateQueries({ queryKey: eventKeys.all });
    },
  });
  return (
    <>
      <Button variant="default" color="red" onClick={open}>
        Cancel event
      </Button>
      <Modal opened={opened} onClose={close} title="Cancel this event?" centered>
        <Stack>
          <Text size="sm">
            The event is kept and marked Cancelled. Its pending client reminders are cancelled, and calendar feeds show
            it as cancelled.
          </Text>
          {cancel.isError && (
            <Alert color="red" role="alert">
              {errorMessage(cancel.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep event
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              Yes, cancel event
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function EventDetails({ event }: { event: CaseEvent }) {
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: async (body: EventBody) => {
      const saved = await unwrap(api.PATCH('/api/v1/events/{id}', { params: { path: { id: event.id } }, body }));
      queryClient.setQueryData(eventKeys.one(event.id), saved);
      void queryClient.invalidateQueries({ queryKey: eventKeys.deliveries(event.id) });
      void queryClient.invalidateQueries({ queryKey: ['events', 'upcoming'] });
      return eventToValues(saved);
    },
  });
  const cancelled = event.status === 'cancelled';
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Stack gap={4}>
          <Group gap="xs">
            {cancelled ? (
              <Badge tt="none" color="gray" size="lg">
                Cancelled
              </Badge>
            ) : (
              <Badge tt="none" color="blue" variant="light" size="lg">
                Scheduled
              </Badge>
            )}
            <Text size="sm">{formatWhen(event.startsAt, event.endsAt, event.timezone)}</Text>
          </Group>
          <CaseLink caseId={event.caseId} />
        </Stack>
        {event.videoLink && !cancelled && (
          <Button component="a" href={event.videoLink} target="_blank" rel="noopener noreferrer">
            Join
          </Button>
        )}
        {!cancelled && <CancelEvent event={event} />}
      </Group>
      {cancelled && (
        <Alert color="gray" role="status" title="Cancelled">
          This event is cancelled. It is kept for the record and can no longer be changed here.
        </Alert>
      )}
      {update.isSuccess && !update.isPending && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => update.reset()}>
          Saved.
        </Alert>
      )}
      <EventForm
        key={event.id}
        initial={eventToValues(event)}
        draftKey={`event:${event.id}`}
        eventId={event.id}
        readOnly={cancelled}
        save={update}
      />
      <DeliveriesTable eventId={event.id} timezone={event.timezone} />
    </Stack>
  );
}

/** A saved event: its form prefilled, Cancel event, its case, and its client reminders. */
export function EventPage() {
  const { eventId = '' } = useParams();
  const event = useEvent(eventId);
  return (
    <PageLayout title={event.data?.title ?? 'Event'}>
      <QueryState
        query={event}
        notFound="This event does not exist. It may belong to another firm, or the link may be mistyped."
      >
        {(e) => <EventDetails event={e} />}
      </QueryState>
    </PageLayout>
  );
}
