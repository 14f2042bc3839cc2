import { Anchor, Badge, Button, Card, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageLayout } from '../../../components/PageLayout';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useClientList } from '../hooks/useClients';
import { AddClientModal } from './AddClientModal';

export function ClientsPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [adding, { open, close }] = useDisclosure(false);
  const list = useClientList(q);
  const clients = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <PageLayout title="Clients" actions={<Button onClick={open}>Add client</Button>}>
      <TextInput
        label="Search clients"
        placeholder="Name or email"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
      />
      {list.isPending ? (
        <Loading label="Loading clients…" />
      ) : list.isError && clients.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : clients.length === 0 ? (
        <Card withBorder padding="lg">
          <Text c="dimmed">
            {q ? `No client matches “${q}”.` : 'No clients yet. Add the first one with Add client.'}
          </Text>
        </Card>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={600}>
            <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label="Clients">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Email</Table.Th>
                  <Table.Th scope="col">Phone</Table.Th>
                  <Table.Th scope="col">Portal access</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {clients.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/clients/${c.id}`}>
                        {c.firstName} {c.lastName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {c.email ?? (
                        <Text span c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.phone ?? (
                        <Text span c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.portalAccess ? (
                        <Badge color="teal" variant="light">
                          Has access
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          No access
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.isFetchNextPageError && (
        <ErrorState
          error={list.error}
          title="More clients could not be loaded"
          onRetry={() => void list.fetchNextPage()}
        />
      )}
      {list.hasNextPage && !list.isFetchNextPageError && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
      <AddClientModal opened={adding} onClose={close} />
    </PageLayout>
  );
}
