import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../components/zoned-time';
import { useClient, useDeliveries } from '../hooks/useEventQueries';

const STATUS_COLOR = { scheduled: 'blue', sent: 'green', failed: 'red', cancelled: 'gray', skipped: 'yellow' } as const;
const STATUS_LABEL = {
  scheduled: 'Scheduled',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
} as const;

function ClientName({ clientId }: { clientId: string }) {
  const client = useClient(clientId);
  if (client.data) return <>{`${client.data.firstName} ${client.data.lastName}`}</>;
  return (
    <Text span c="dimmed" size="sm">
      {client.isError ? 'Unknown client' : 'Loading…'}
    </Text>
  );
}

/** The event's client reminders: who, how, when due and sent (in the event's zone), and why one failed or was skipped. */
export function DeliveriesTable({ eventId, timezone }: { eventId: string; timezone: string }) {
  const deliveries = useDeliveries(eventId);
  return (
    <Stack gap="xs" component="section" aria-labelledby="deliveries-heading">
      <Title order={2} size="h4" id="deliveries-heading">
        Client reminders
      </Title>
      <QueryState query={deliveries}>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          if (items.length === 0) {
            return (
              <Text size="sm" c="dimmed" role="status">
                No reminders for this event. Reminders are scheduled for clients on the case when the event is shared
                with clients and the firm has reminder rules.
              </Text>
            );
          }
          return (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table withTableBorder striped verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      {['Client', 'Channel', 'Status', 'Due', 'Sent', 'Attempts', 'Last error'].map((h) => (
                        <Table.Th key={h} scope="col">
                          {h}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((d) => (
                      <Table.Tr key={d.id}>
                        <Table.Td>
                          <ClientName clientId={d.clientId} />
                        </Table.Td>
                        <Table.Td>{d.channel === 'sms' ? 'SMS' : 'Email'}</Table.Td>
                        <Table.Td>
                          <Badge tt="none" color={STATUS_COLOR[d.status]} variant="light">
                            {STATUS_LABEL[d.status]}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{formatInstant(d.dueAt, timezone)}</Table.Td>
                        <Table.Td>{formatInstant(d.sentAt, timezone)}</Table.Td>
                        <Table.Td>{d.attempts}</Table.Td>
                        <Table.Td>{d.lastError ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {deliveries.hasNextPage && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => void deliveries.fetchNextPage()}
                  loading={deliveries.isFetchingNextPage}
                  w="fit-content"
                >
                  Load more
                </Button>
              )}
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
