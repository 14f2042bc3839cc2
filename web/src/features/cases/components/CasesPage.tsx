import { Anchor, Button, Card, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../../api/session';
import { PageLayout } from '../../../components/PageLayout';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useCaseList } from '../hooks/useCases';
import { NewCaseModal } from './NewCaseModal';

export function CasesPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [creating, { open, close }] = useDisclosure(false);
  const me = useMe();
  const list = useCaseList(q);
  const cases = list.data?.pages.flatMap((p) => p.items) ?? [];
  const zone = me.data?.firm.timezone ?? 'UTC';

  return (
    <PageLayout title="Cases" actions={<Button onClick={open}>New case</Button>}>
      <TextInput
        label="Search cases"
        placeholder="Title"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={420}
      />
      {list.isPending ? (
        <Loading label="Loading cases…" />
      ) : list.isError && cases.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : cases.length === 0 ? (
        <Card withBorder padding="lg">
          <Text c="dimmed">{q ? `No case matches “${q}”.` : 'No cases yet. Open the first one with New case.'}</Text>
        </Card>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label="Cases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Title</Table.Th>
                  <Table.Th scope="col">Clients</Table.Th>
                  <Table.Th scope="col">Staff</Table.Th>
                  <Table.Th scope="col">Opened ({zone})</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cases.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases/${c.id}`}>
                        {c.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{c.clientIds.length}</Table.Td>
                    <Table.Td>{c.staffIds.length}</Table.Td>
                    <Table.Td>{DateTime.fromISO(c.createdAt).setZone(zone).toFormat('LLL d, yyyy')}</Table.Td>
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
          title="More cases could not be loaded"
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
      <NewCaseModal key={me.data?.user.id ?? 'anon'} opened={creating} onClose={close} myId={me.data?.user.id} />
    </PageLayout>
  );
}
