import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FeedUrls } from '../../../components/FeedUrls';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useCreateMyFeed, useDeleteFeed, useMyFeeds, useRotateFeed } from '../hooks/useProfile';

/** The caller's feeds: their own events (scope me) and any case feeds they made. */
export function MyFeedsCard({ zone }: { zone: string }) {
  const feeds = useMyFeeds();
  const create = useCreateMyFeed();
  const rotate = useRotateFeed();
  const remove = useDeleteFeed();
  const [issued, setIssued] = useState<{ url: string; webcalUrl: string } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="calendar-feeds">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="calendar-feeds">Calendar feeds</Title>
          <Button variant="light" onClick={() => create.mutate(undefined, { onSuccess: setIssued })} loading={create.isPending}>
            Create calendar feed
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Your events (those you are on or created) in your own calendar app. A feed URL is shown only when it is created or
          replaced: get a new URL if it may have leaked; the old one stops working at once.
        </Text>
        {create.isError && <Alert color="red" role="alert">{errorMessage(create.error)}</Alert>}
        {rotate.isError && <Alert color="red" role="alert">{errorMessage(rotate.error)}</Alert>}
        {issued && <FeedUrls {...issued} onDone={() => setIssued(null)} />}
        {feeds.isPending ? (
          <Loading label="Loading your feeds…" />
        ) : feeds.isError ? (
          <ErrorState error={feeds.error} onRetry={() => void feeds.refetch()} />
        ) : feeds.data.length === 0 ? (
          <Text size="sm" c="dimmed">You have no calendar feeds yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" aria-label="Your calendar feeds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Feed</Table.Th>
                  <Table.Th scope="col">Holds</Table.Th>
                  <Table.Th scope="col">Created ({zone})</Table.Th>
                  <Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {feeds.data.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{f.name}</Table.Td>
                    <Table.Td>
                      {f.scope === 'case' && f.caseId ? <Anchor component={Link} to={`/cases/${f.caseId}`} size="sm">One case's events</Anchor> : 'Your events'}
                    </Table.Td>
                    <Table.Td>{DateTime.fromISO(f.createdAt).setZone(zone).toFormat('LLL d, yyyy, h:mm a')}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="default" loading={rotate.isPending && rotate.variables === f.id} onClick={() => rotate.mutate(f.id, { onSuccess: setIssued })}>
                          Get a new URL
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(f.id)}>Delete</Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => { remove.reset(); setDeleting(null); }}
        title="Delete this calendar feed?"
        confirmLabel="Delete feed"
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
        onConfirm={() => deleting && remove.mutate(deleting, { onSuccess: () => { setDeleting(null); setIssued(null); } })}
      >
        The feed URL stops working at once; calendars subscribed to it get no more updates.
      </ConfirmDialog>
    </Card>
  );
}
