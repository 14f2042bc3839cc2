import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatWhen, isInProgress } from '../../../components/zoned-time';
import type { CaseEvent } from '../hooks/useEventQueries';
import { CaseLink } from './CaseLink';

/** One upcoming event: when (in its own zone), its case, and Join when it has a video link. */
export function EventListItem({ event }: { event: CaseEvent }) {
  const cancelled = event.status === 'cancelled';
  const live = !cancelled && isInProgress(event);
  return (
    <Card withBorder padding="md" radius="md" component="li">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Anchor component={Link} to={`/events/${event.id}`} fw={600} td={cancelled ? 'line-through' : undefined}>
              {event.title}
            </Anchor>
            {live && (
              <Badge tt="none" color="green" variant="light">
                In progress
              </Badge>
            )}
            {cancelled && (
              <Badge tt="none" color="gray" variant="light">
                Cancelled
              </Badge>
            )}
            {event.sharedWithClients && !cancelled && (
              <Badge tt="none" color="blue" variant="outline" size="sm">
                Shared with clients
              </Badge>
            )}
          </Group>
          <Text size="sm">{formatWhen(event.startsAt, event.endsAt, event.timezone)}</Text>
          <Group gap="md">
            <CaseLink caseId={event.caseId} />
            {event.location && (
              <Text size="sm" c="dimmed">
                {event.location}
              </Text>
            )}
          </Group>
        </Stack>
        {event.videoLink && !cancelled && (
          <Button
            component="a"
            href={event.videoLink}
            target="_blank"
            rel="noopener"
            variant={live ? 'filled' : 'light'}
            title={`Join ${event.title}`}
          >
            Join
          </Button>
        )}
      </Group>
    </Card>
  );
}
