import { Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useDeleteTemplate, useTemplates, type Template } from '../hooks/useMessaging';
import { TemplateEditor } from './TemplateEditor';

const CHANNEL = { sms: 'SMS', email: 'Email' } as const;

/** The firm's templates; with team settings, New template, Edit and Delete. */
export function TemplatesCard({ canManage }: { canManage: boolean }) {
  const templates = useTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [removing, setRemoving] = useState<Template | null>(null);
  const closeRemove = () => {
    remove.reset();
    setRemoving(null);
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="templates-heading">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="templates-heading">
            Templates
          </Title>
          {canManage && <Button onClick={() => setEditing('new')}>New template</Button>}
        </Group>
        {templates.isPending ? (
          <Loading label="Loading the templates…" />
        ) : templates.isError ? (
          <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
        ) : templates.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No templates yet.{canManage ? ' Write one with New template.' : ''}
          </Text>
        ) : (
          <Table aria-label="Templates" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Message</Table.Th>
                {canManage && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{CHANNEL[t.channel]}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {t.subject && (
                      <Text size="sm" fw={600}>
                        {t.subject}
                      </Text>
                    )}
                    <Text size="sm" lineClamp={2} ff="monospace">
                      {t.body}
                    </Text>
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Button size="xs" variant="default" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setRemoving(t)}
                          aria-label={`Delete ${t.name}`}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {canManage && editing && (
        <TemplateEditor
          key={editing === 'new' ? 'new' : editing.id}
          template={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        opened={removing !== null}
        onClose={closeRemove}
        title={removing ? `Delete the template ${removing.name}?` : 'Delete template?'}
        confirmLabel="Delete"
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `The template ${removing.name} was deleted.` });
              setRemoving(null);
            },
          })
        }
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
      >
        This cannot be undone. Messages already sent stay sent.
      </ConfirmDialog>
    </Card>
  );
}
