import { Alert, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FeedUrls } from '../../../components/FeedUrls';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useCaseFeeds, useCreateCaseFeed, useDeleteFeed, useRotateFeed } from '../hooks/useCaseFeeds';

type Issued = { url: string; webcalUrl: string };

/** The caller's calendar feeds of this case: every event of the case, cancelled ones marked. */
export function CaseFeedCard({ caseId, zone }: { caseId: string; zone: string }) {
  const feeds = useCaseFeeds(caseId);
  const create = useCreateCaseFeed(caseId);
  const rotate = useRotateFeed();
  const remove = useDeleteFeed();
  const [issued, setIssued] = useState<Issued | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="case-feed">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="case-feed">Calendar feed</Title>
          <Button variant="light" size="sm" onClick={() => create.mutate(undefined, { onSuccess: setIssued })} loading={create.isPending}>
            Create calendar feed
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          A feed of every event of this case for your own calendar app. Each feed you create is separate: a new one replaces nothing.
          Get a new URL to shut out anyone who has the old one; delete a feed to end it.
        </Text>
        {create.isError && <Alert color="red" role="alert">{errorMessage(create.error)}</Alert>}
        {rotate.isError && <Alert color="red" role="alert">{errorMessage(rotate.error)}</Alert>}
        {issued && <FeedUrls {...issued} onDone={() => setIssued(null)} />}
        {feeds.isPending ? (
          <Loading label="Loading your feeds…" />
        ) : feeds.isError ? (
          <ErrorState error={feeds.error} onRetry={() => void feeds.refetch()} />
        ) : feeds.data.length === 0 ? (
          <Text size="sm" c="dimmed">You have no calendar feed of this case.</Text>
        ) : (
          <Table verticalSpacing="xs" aria-label="Your feeds of this case">
            <Table.Thead>
              <Table.Tr><Table.Th scope="col">Feed</Table.Th><Table.Th scope="col">Created ({zone})</Table.Th><Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {feeds.data.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>{f.name}</Table.Td>
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
