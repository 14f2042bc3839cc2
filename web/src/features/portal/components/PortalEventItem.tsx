import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { formatWhen, isInProgress } from '../../../components/zoned-time';
import type { PortalEvent } from '../hooks/usePortal';

/** One appointment as the client sees it: in their own zone (named), where, and Join when it has a video link. */
export function PortalEventItem({ event, zone, past = false }: { event: PortalEvent; zone: string; past?: boolean }) {
  const cancelled = event.status === 'cancelled';
  const live = !cancelled && !past && isInProgress(event);
  const join = event.videoLink && !cancelled && !past;
  return (
    <Card withBorder padding="md" radius="md" component="li">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs">
            <Text fw={600} td={cancelled ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
              {event.title}
            </Text>
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
          </Group>
          <Text size="sm">{formatWhen(event.startsAt, event.endsAt, zone)}</Text>
          {event.location && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {event.location}
            </Text>
          )}
        </Stack>
        {join && (
          <Button
            component="a"
            href={event.videoLink ?? undefined}
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
