import { Alert, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState, type ReactNode } from 'react';
import { useCalendarFeedActions, useMyCalendarFeeds, type CalendarFeed } from '../api/calendar-feeds';
import { errorMessage } from '../api/client';
import type { components } from '../api/schema';
import { ConfirmDialog } from './ConfirmDialog';
import { FeedUrls } from './FeedUrls';
import { ErrorState, Loading } from './QueryState';

export interface CalendarFeedsCardProps {
  id: string;
  title: string;
  description: string;
  emptyText: string;
  tableLabel: string;
  /** What "Create calendar feed" asks for. */
  newFeed: components['schemas']['CreateCalendarFeedDto'];
  /** Which of the caller's feeds this card lists. */
  shows: (feed: CalendarFeed) => boolean;
  /** The zone creation times are shown in. */
  zone: string;
  /** An extra column, between the feed's name and its creation time. */
  extraColumn?: { header: string; cell: (feed: CalendarFeed) => ReactNode };
}

/**
 * The caller's calendar feeds of one kind: create one (its URL shown this once), get a new URL (the old
 * one dies), delete. The case page and the profile page each show one.
 */
export function CalendarFeedsCard({
  id,
  title,
  description,
  emptyText,
  tableLabel,
  newFeed,
  shows,
  zone,
  extraColumn,
}: CalendarFeedsCardProps) {
  const feeds = useMyCalendarFeeds();
  const { create, rotate, remove } = useCalendarFeedActions(newFeed);
  const [issued, setIssued] = useState<{ url: string; webcalUrl: string } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const listed = feeds.data?.filter(shows) ?? [];

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          <Button
            variant="light"
            onClick={() => create.mutate(undefined, { onSuccess: setIssued })}
            loading={create.isPending}
          >
            Create calendar feed
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        {create.isError && (
          <Alert color="red" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
        {rotate.isError && (
          <Alert color="red" role="alert">
            {errorMessage(rotate.error)}
          </Alert>
        )}
        {issued && <FeedUrls {...issued} onDone={() => setIssued(null)} />}
        {feeds.isPending ? (
          <Loading label="Loading your feeds…" />
        ) : feeds.isError ? (
          <ErrorState error={feeds.error} onRetry={() => void feeds.refetch()} />
        ) : listed.length === 0 ? (
          <Text size="sm" c="dimmed">
            {emptyText}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" aria-label={tableLabel}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Feed</Table.Th>
                  {extraColumn && <Table.Th scope="col">{extraColumn.header}</Table.Th>}
                  <Table.Th scope="col">Created ({zone})</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {listed.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>{f.name}</Table.Td>
                    {extraColumn && <Table.Td>{extraColumn.cell(f)}</Table.Td>}
                    <Table.Td>{DateTime.fromISO(f.createdAt).setZone(zone).toFormat('LLL d, yyyy, h:mm a')}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          loading={rotate.isPending && rotate.variables === f.id}
                          onClick={() => rotate.mutate(f.id, { onSuccess: setIssued })}
                        >
                          Get a new URL
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(f.id)}>
                          Delete
                        </Button>
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
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        title="Delete this calendar feed?"
        confirmLabel="Delete feed"
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              setDeleting(null);
              setIssued(null);
            },
          })
        }
      >
        The feed URL stops working at once; calendars subscribed to it get no more updates.
      </ConfirmDialog>
    </Card>
  );
}
