import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useUpdateClient, type Client } from '../hooks/useClients';

/** Portal access: set a new password (signs the client out everywhere), or end access altogether. */
export function PortalAccessCard({ client }: { client: Client }) {
  const setPassword = useUpdateClient(client.id);
  const revoke = useUpdateClient(client.id);
  const [confirming, { open, close }] = useDisclosure(false);
  const form = useForm({
    initialValues: { portalPassword: '' },
    validate: { portalPassword: (v) => (v.length < 12 ? 'Use at least 12 characters.' : null) },
  });

  const submit = form.onSubmit(({ portalPassword }) =>
    setPassword.mutate(
      { portalPassword },
      {
        onSuccess: () => {
          form.reset();
          notifications.show({
            color: 'teal',
            message: 'The portal password was set. The client was signed out of the portal everywhere.',
          });
        },
        onError: (error) => applyFieldErrors(error, form.setFieldError, ['portalPassword']),
      },
    ),
  );
  const doRevoke = () =>
    revoke.mutate(
      { portalPassword: null },
      {
        onSuccess: () => {
          close();
          notifications.show({ color: 'teal', message: 'Portal access was revoked.' });
        },
      },
    );

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="portal-access">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="portal-access">
            Portal access
          </Title>
          {client.portalAccess ? (
            <Badge color="teal" variant="light">
              Has access
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              No access
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {client.portalAccess
            ? 'The client can sign in to the portal with their email and password. A new password signs them out of every session; their portal calendar feed keeps working.'
            : client.email
              ? 'The client cannot sign in to the portal. Set a password to give them access with their email.'
              : 'The client cannot sign in to the portal. Add their email under Details first, then set a password.'}
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {setPassword.isError && !shownAtFields(setPassword.error, ['portalPassword']) && (
              <Alert color="red" role="alert">
                {errorMessage(setPassword.error)}
              </Alert>
            )}
            <Group align="flex-start" gap="sm">
              <PasswordInput
                label="Portal password"
                description="At least 12 characters. Give it to the client in person or by phone."
                autoComplete="new-password"
                style={{ flex: 1, minWidth: 240 }}
                {...form.getInputProps('portalPassword')}
              />
              <Button type="submit" mt={44} variant="light" loading={setPassword.isPending}>
                {client.portalAccess ? 'Set new portal password' : 'Give portal access'}
              </Button>
            </Group>
          </Stack>
        </form>
        {client.portalAccess && (
          <Group>
            <Button color="red" variant="outline" onClick={open}>
              Revoke portal access
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        onClose={() => {
          revoke.reset();
          close();
        }}
        title="Revoke portal access?"
        confirmLabel="Revoke portal access"
        onConfirm={doRevoke}
        pending={revoke.isPending}
        error={revoke.isError ? revoke.error : undefined}
      >
        {`${client.firstName} ${client.lastName} is signed out of the portal at once and can no longer sign in. Their portal calendar feed stops working: calendars subscribed to it get no more updates. You can give access again later with a new password.`}
      </ConfirmDialog>
    </Card>
  );
}
