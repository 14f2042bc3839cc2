import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { errorMessage } from '../../../api/client';
import { useCalendarFeed } from '../hooks/usePortal';
import { CopyField } from '../../../components/CopyField';

/**
 * The client's own calendar feed. Asking for a link makes a new one and kills the earlier one, so the
 * page asks only when the client clicks, and the button says so.
 */
export function SubscribeCard() {
  const feed = useCalendarFeed();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="portal-subscribe">
      <Stack gap="sm">
        <Title order={2} size="h4" id="portal-subscribe">
          Subscribe to calendar
        </Title>
        <Text size="sm" c="dimmed">
          Your calendar app can follow your appointments and keep them up to date, with the video link as the location.
        </Text>
        {feed.isError && (
          <Alert color="red" role="alert">
            {errorMessage(feed.error)}
          </Alert>
        )}
        {!feed.data ? (
          <Group>
            <Button variant="light" onClick={() => feed.mutate()} loading={feed.isPending}>
              Get calendar link (replaces any earlier link)
            </Button>
          </Group>
        ) : (
          <Stack gap="sm" role="status">
            <Group>
              <Button component="a" href={feed.data.webcalUrl}>
                Subscribe to calendar
              </Button>
            </Group>
            <CopyField label="Calendar link (https)" value={feed.data.url} />
            <CopyField label="Calendar link (webcal)" value={feed.data.webcalUrl} />
            <List size="sm" spacing={4}>
              <List.Item>
                <b>Google Calendar:</b> Other calendars → + → From URL, then paste the https link.
              </List.Item>
              <List.Item>
                <b>Apple Calendar:</b> open the <Anchor href={feed.data.webcalUrl}>webcal link</Anchor> on your iPhone,
                iPad or Mac, then Subscribe.
              </List.Item>
              <List.Item>
                <b>Outlook:</b> Add calendar → Subscribe from web, then paste the https link.
              </List.Item>
            </List>
            <Text size="xs" c="dimmed">
              Keep this link private: anyone with it can see your appointments. Getting a new link stops the earlier
              one.
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
