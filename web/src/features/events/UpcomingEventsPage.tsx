import { Button, Center, SegmentedControl, Stack, Text } from '@mantine/core';
import { DateTime } from 'luxon';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { PageLayout } from '../../components/PageLayout';
import { QueryState } from '../../components/QueryState';
import { EventListItem } from './components/EventListItem';
import { endOf } from '../../components/zoned-time';
import { useUpcomingEvents } from './hooks/useEventQueries';

/** The caller's events that have not ended (a meeting in progress keeps its Join); the firm's calendar a click away. */
export function UpcomingEventsPage() {
  const [params, setParams] = useSearchParams();
  const firm = params.get('calendar') === 'firm';
  const events = useUpcomingEvents(!firm);
  const now = useMemo(() => DateTime.now(), [events.dataUpdatedAt]);
  const upcoming = useMemo(
    () => (events.data?.pages ?? []).flatMap((p) => p.items).filter((e) => endOf(e) > now),
    [events.data, now],
  );

  return (
    <PageLayout
      title="Upcoming events"
      actions={
        <SegmentedControl
          aria-label="Whose events"
          value={firm ? 'firm' : 'mine'}
          onChange={(v) => setParams(v === 'firm' ? { calendar: 'firm' } : {}, { replace: true })}
          data={[
            { value: 'mine', label: 'My events' },
            { value: 'firm', label: "Firm's calendar" },
          ]}
        />
      }
    >
      <Text size="sm" c="dimmed">
        {firm
          ? "Every event of the firm's cases that has not ended."
          : 'Events you are on or created that have not ended.'}{' '}
        Times are shown in each event&apos;s own time zone.
      </Text>
      <QueryState query={events}>
        {() => (
          <Stack gap="sm">
            {upcoming.length === 0 && !events.hasNextPage ? (
              <Text role="status" c="dimmed" py="lg" ta="center">
                {firm
                  ? 'The firm has no upcoming events.'
                  : 'You have no upcoming events. Events you are on or create appear here.'}
              </Text>
            ) : (
              <Stack
                gap="sm"
                component="ul"
                p={0}
                m={0}
                style={{ listStyle: 'none' }}
                aria-label={firm ? "Firm's upcoming events" : 'Your upcoming events'}
              >
                {upcoming.map((e) => (
                  <EventListItem key={e.id} event={e} />
                ))}
              </Stack>
            )}
            {events.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  onClick={() => void events.fetchNextPage()}
                  loading={events.isFetchingNextPage}
                >
                  Load more
                </Button>
              </Center>
            )}
            {events.isFetchNextPageError && (
              <Text c="red" role="alert" size="sm">
                More events could not be loaded. Click Load more to try again.
              </Text>
            )}
          </Stack>
        )}
      </QueryState>
    </PageLayout>
  );
}
