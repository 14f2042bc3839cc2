import { Alert, Badge, Code, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ApiError, errorMessage } from '../../../api/client';
import { formatInstant } from '../../../components/zoned-time';
import { usePreviewClients, usePreviewEvents, useRender, type Draft } from '../hooks/useMessaging';
import { problemTitle } from './TemplateProblem';

const SMS_MAX = 1600;
/** Refusals the editor's check already shows under the body: not repeated here. */
const SHOWN_BY_CHECK = new Set(['template_syntax_error', 'unknown_merge_field', 'validation_failed']);

/** The draft as a chosen client would get it for a chosen event. */
export function TemplatePreview({
  draft,
  eventId,
  clientId,
  onEvent,
  onClient,
}: {
  draft: Draft;
  eventId: string | null;
  clientId: string | null;
  onEvent: (id: string | null) => void;
  onClient: (id: string | null) => void;
}) {
  const events = usePreviewEvents();
  const clients = usePreviewClients();
  const render = useRender(draft, eventId, clientId);
  const eventOptions = (events.data ?? []).map((e) => ({
    value: e.id,
    label: `${e.title} · ${formatInstant(e.startsAt, e.timezone)}`,
  }));
  const clientOptions = (clients.data ?? []).map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }));

  return (
    <Stack gap="sm" component="section" aria-labelledby="preview-heading">
      <Title order={3} size="h5" id="preview-heading">
        Preview
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Preview with event"
          placeholder={events.isPending ? 'Loading events…' : eventOptions.length ? 'Choose an event' : 'No events yet'}
          data={eventOptions}
          value={eventId}
          onChange={onEvent}
          searchable
          clearable
          error={events.isError ? errorMessage(events.error) : undefined}
        />
        <Select
          label="Preview with client"
          placeholder={
            clients.isPending ? 'Loading clients…' : clientOptions.length ? 'Choose a client' : 'No clients yet'
          }
          data={clientOptions}
          value={clientId}
          onChange={onClient}
          searchable
          clearable
          error={clients.isError ? errorMessage(clients.error) : undefined}
        />
      </SimpleGrid>
      <div role="status" aria-live="polite">
        {!eventId || !clientId ? (
          <Text size="sm" c="dimmed">
            Choose an event and a client (one on the event's case) to see the message as they would get it.
          </Text>
        ) : draft.body.trim() === '' ? (
          <Text size="sm" c="dimmed">
            Write the body to see it here.
          </Text>
        ) : render.isPending ? (
          <Text size="sm" c="dimmed">
            Rendering the preview…
          </Text>
        ) : render.isError && render.error instanceof ApiError && SHOWN_BY_CHECK.has(render.error.body.code) ? (
          <Text size="sm" c="dimmed">
            The preview shows once the problem above is fixed.
          </Text>
        ) : render.isError ? (
          <Alert color="red" title={problemTitle(render.error)}>
            {errorMessage(render.error)}
          </Alert>
        ) : (
          <Stack gap="xs">
            {render.data.subject !== undefined && (
              <Text size="sm">
                <Text span fw={600}>
                  Subject:{' '}
                </Text>
                {render.data.subject}
              </Text>
            )}
            <Code block aria-label="Rendered message" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {render.data.body}
            </Code>
            {draft.channel === 'sms' && (
              <Group gap="xs">
                <Text size="sm">
                  {render.data.body.length.toLocaleString('en-US')} / {SMS_MAX.toLocaleString('en-US')} characters
                </Text>
                {render.data.smsSegments !== undefined && (
                  <Badge variant="light">
                    {render.data.smsSegments} {render.data.smsSegments === 1 ? 'segment' : 'segments'}
                  </Badge>
                )}
                {render.data.smsEncoding && (
                  <Badge variant="light" color="gray">
                    {render.data.smsEncoding} encoding
                  </Badge>
                )}
              </Group>
            )}
          </Stack>
        )}
      </div>
    </Stack>
  );
}
