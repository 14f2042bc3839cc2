import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../../components/QueryState';
import { formatWhen } from '../../../components/zoned-time';
import { useCaseEvents } from '../hooks/useCases';

/** The case's events by start, each with its time in its own zone (named), its Join link and status. */
export function CaseTimeline({ caseId }: { caseId: string }) {
  const events = useCaseEvents(caseId, true);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="case-timeline">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="case-timeline">
            Timeline
          </Title>
          <Button component={Link} to={`/cases/${caseId}/events/new`} size="sm">
            New event
          </Button>
        </Group>
        {events.isPending ? (
          <Loading label="Loading the timeline…" />
        ) : events.isError ? (
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        ) : events.data.length === 0 ? (
          <Text c="dimmed" size="sm">
            No events on this case yet. Add hearings, meetings and deadlines with New event.
          </Text>
        ) : (
          <Stack gap={0} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Events">
            {events.data.map((e) => {
              const cancelled = e.status === 'cancelled';
              return (
                <Group
                  key={e.id}
                  component="li"
                  justify="space-between"
                  wrap="nowrap"
                  py="sm"
                  style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                >
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Anchor
                        component={Link}
                        to={`/events/${e.id}`}
                        fw={600}
                        td={cancelled ? 'line-through' : undefined}
                      >
                        {e.title}
                      </Anchor>
                      {cancelled && (
                        <Badge color="gray" variant="light">
                          Cancelled
                        </Badge>
                      )}
                      {e.sharedWithClients && (
                        <Badge color="indigo" variant="dot">
                          Shared with clients
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {formatWhen(e.startsAt, e.endsAt, e.timezone)}
                    </Text>
                    {e.location && (
                      <Text size="sm" c="dimmed">
                        {e.location}
                      </Text>
                    )}
                  </Stack>
                  {e.videoLink && !cancelled && (
                    <Button
                      component="a"
                      href={e.videoLink}
                      target="_blank"
                      rel="noopener noreferrer"
                      variant="light"
                      size="xs"
                      aria-label={`Join ${e.title}`}
                    >
                      Join
                    </Button>
                  )}
                </Group>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
