import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import type { Member } from '../hooks/useTeam';

/** Members and their permissions; the edit and remove buttons only for team_settings holders. */
export function MembersTable({
  members,
  label,
  meId,
  onEdit,
  onRemove,
}: {
  members: Member[];
  label: string;
  meId: string;
  onEdit?: (m: Member) => void;
  onRemove?: (m: Member) => void;
}) {
  const actions = Boolean(onEdit || onRemove);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm" horizontalSpacing="md" striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Permissions</Table.Th>
            {actions && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Text size="sm" fw={500} span>
                  {m.name}
                </Text>
                {m.id === meId && (
                  <Text size="xs" c="dimmed" span>
                    {' '}
                    (you)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{m.email}</Table.Td>
              <Table.Td>
                {m.permissions.includes('team_settings') ? (
                  <Badge variant="light">Team settings</Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    Member
                  </Text>
                )}
              </Table.Td>
              {actions && (
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    {onEdit && (
                      <Button size="xs" variant="default" onClick={() => onEdit(m)}>
                        Edit
                      </Button>
                    )}
                    {onRemove && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => onRemove(m)}>
                        Remove
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
