import { Alert, Button, Card, List, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { hasTeamSettings, useMe } from '../../../api/session';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageLayout } from '../../../components/PageLayout';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useMembers, useRemoveMember, type Member } from '../hooks/useTeam';
import { AddMemberModal } from './AddMemberModal';
import { EditMemberModal } from './EditMemberModal';
import { MembersTable } from './MembersTable';

export function TeamPage() {
  const me = useMe();
  const current = useMembers(false);
  const former = useMembers(true);
  const remove = useRemoveMember();
  const [adding, { open, close }] = useDisclosure(false);
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const canManage = me.data ? hasTeamSettings(me.data) : false;
  const meId = me.data?.user.id ?? '';

  const closeRemove = () => {
    remove.reset();
    setRemoving(null);
  };
  const doRemove = () =>
    removing &&
    remove.mutate(removing.id, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `${removing.name} was removed from the team.` });
        setRemoving(null);
      },
    });

  return (
    <PageLayout title="Team" actions={canManage ? <Button onClick={open}>Add member</Button> : undefined}>
      {!canManage && (
        <Alert color="gray" role="note">
          You can see the team, but only members with the Team settings permission can add, edit or remove members. Ask
          one of them for changes.
        </Alert>
      )}
      <Card withBorder padding="lg" component="section" aria-labelledby="current-members">
        <Stack>
          <Title order={2} size="h4" id="current-members">
            Members
          </Title>
          {current.isPending ? (
            <Loading label="Loading the team…" />
          ) : current.isError ? (
            <ErrorState error={current.error} onRetry={() => void current.refetch()} />
          ) : current.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              No members.
            </Text>
          ) : (
            <MembersTable
              members={current.data}
              label="Members"
              meId={meId}
              onEdit={canManage ? setEditing : undefined}
              onRemove={canManage ? setRemoving : undefined}
            />
          )}
        </Stack>
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="former-members">
        <Stack>
          <Title order={2} size="h4" id="former-members">
            Former members
          </Title>
          <Text size="sm" c="dimmed">
            They can no longer sign in. Past events and the cases they opened still name them.
          </Text>
          {former.isPending ? (
            <Loading label="Loading former members…" />
          ) : former.isError ? (
            <ErrorState error={former.error} onRetry={() => void former.refetch()} />
          ) : former.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              No one has left the team.
            </Text>
          ) : (
            <MembersTable members={former.data} label="Former members" meId={meId} />
          )}
        </Stack>
      </Card>
      {canManage && <AddMemberModal opened={adding} onClose={close} />}
      {editing && <EditMemberModal key={editing.id} member={editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={removing !== null}
        onClose={closeRemove}
        title={removing ? `Remove ${removing.name} from the team?` : 'Remove member?'}
        confirmLabel="Remove"
        onConfirm={doRemove}
        pending={remove.isPending}
        error={remove.isError ? remove.error : undefined}
      >
        <Stack gap="xs">
          <Text size="sm">This takes effect at once and cannot be undone:</Text>
          <List size="sm" spacing={4}>
            <List.Item>every session of theirs ends, and they can no longer sign in;</List.Item>
            <List.Item>their calendar feed URLs stop working;</List.Item>
            <List.Item>their Zoom connection is revoked;</List.Item>
            <List.Item>they leave the staff of upcoming events.</List.Item>
          </List>
          <Text size="sm">
            Their past events keep their name, and they stay listed under Former members. Their events and Zoom links
            stay.
          </Text>
        </Stack>
      </ConfirmDialog>
    </PageLayout>
  );
}
