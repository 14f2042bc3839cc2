import { Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useDeleteReminderRule, useReminderRules, useTemplates, type ReminderRule } from '../hooks/useMessaging';
import { AddReminderModal } from './AddReminderModal';
import { describeOffset } from './offset';

/** Client reminders: each rule sends a template a set time before each shared event. */
export function ReminderRulesCard({ canManage }: { canManage: boolean }) {
  const rules = useReminderRules();
  const templates = useTemplates();
  const remove = useDeleteReminderRule();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ReminderRule | null>(null);
  const nameOf = (id: string) => templates.data?.find((t) => t.id === id)?.name ?? 'A deleted template';
  const closeRemove = () => {
    remove.reset();
    setRemoving(null);
  };
  const noTemplates = templates.isSuccess && templates.data.length === 0;

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="reminders-heading">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="reminders-heading">
            Client reminders
          </Title>
          {canManage && (
            <Button onClick={() => setAdding(true)} disabled={!templates.isSuccess || noTemplates}>
              Add reminder
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Each reminder sends its template to every client on the case, the set time before each event shared with
          clients.
          {canManage && noTemplates ? ' Write a template first.' : ''}
        </Text>
        {rules.isPending ? (
          <Loading label="Loading the reminders…" />
        ) : rules.isError ? (
          <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
        ) : rules.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No reminders yet.
          </Text>
        ) : (
          <Table aria-label="Client reminders" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Template</Table.Th>
                <Table.Th scope="col">When</Table.Th>
                {canManage && (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{nameOf(r.templateId)}</Table.Td>
                  <Table.Td>{describeOffset(r.offsetMinutes)}</Table.Td>
                  {canManage && (
                    <Table.Td align="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setRemoving(r)}
                        aria-label={`Delete the reminder ${nameOf(r.templateId)}, ${describeOffset(r.offsetMinutes)}`}
                      >
                        Delete
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {canManage && adding && templates.data && (
        <AddReminderModal templates={templates.data} onClose={() => setAdding(false)} />
      )}
      <ConfirmDialog
        opened={removing !== null}
        onClose={closeRemove}
        title="Delete this reminder?"
        confirmLabel="Delete"
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: 'The reminder was deleted.' });
              setRemoving(null);
            },
          })
        }
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
      >
        {removing
          ? `Clients will no longer get ${nameOf(removing.templateId)} ${describeOffset(removing.offsetMinutes)} events.`
          : ''}
      </ConfirmDialog>
    </Card>
  );
}
