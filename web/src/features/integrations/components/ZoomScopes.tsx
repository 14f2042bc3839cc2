import { Stack, Table, Text, Title } from '@mantine/core';

const SCOPES = [
  { scope: 'meeting:write:meeting', purpose: 'Create Zoom meetings when you click Add Zoom meeting on an event' },
  {
    scope: 'user:read:user',
    purpose: 'Read your Zoom account email so the integration card can confirm the connected account',
  },
];

/** The guide's "Permissions (scopes)": what Connect asks Zoom for, and why. */
export function ZoomScopes() {
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Permissions (scopes)
      </Title>
      <Text size="sm" c="dimmed">
        MyLawyerLink requests only what it needs to create meetings and show which account is linked:
      </Text>
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Scope</Table.Th>
            <Table.Th scope="col">Purpose</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SCOPES.map((s) => (
            <Table.Tr key={s.scope}>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {s.scope}
                </Text>
              </Table.Td>
              <Table.Td>{s.purpose}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
