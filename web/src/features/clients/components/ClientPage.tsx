import { Alert, Anchor, Button, Card, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../../api/client';
import { PageLayout } from '../../../components/PageLayout';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useClient, useUpdateClient, type Client } from '../hooks/useClients';
import {
  ClientFields,
  clientBody,
  clientErrorAtFields,
  placeClientErrors,
  type ClientFormValues,
} from './ClientFields';
import { PortalAccessCard } from './PortalAccessCard';

const formValues = (c: Client): ClientFormValues => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email ?? '',
  phone: c.phone ?? '',
  timezone: c.timezone,
  smsOptIn: c.smsOptIn,
});

function ClientForm({ client }: { client: Client }) {
  const update = useUpdateClient(client.id);
  const form = useForm<ClientFormValues>({
    initialValues: formValues(client),
    validate: {
      firstName: (v) => (v.trim() ? null : 'Enter the first name.'),
      lastName: (v) => (v.trim() ? null : 'Enter the last name.'),
    },
  });
  // A fresh copy from the server (after Save, or another tab's change) resets the untouched form.
  useEffect(() => {
    if (!form.isDirty()) form.setValues(formValues(client));
    form.resetDirty(formValues(client));
  }, [client.updatedAt]);

  const submit = form.onSubmit((values) =>
    update.mutate(clientBody(values), {
      onSuccess: () => notifications.show({ color: 'teal', message: 'The client was saved.' }),
      onError: (error) => placeClientErrors(error, form.setFieldError),
    }),
  );

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="client-details">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="client-details">
            Details
          </Title>
          {update.isError && !clientErrorAtFields(update.error) && (
            <Alert color="red" role="alert">
              {errorMessage(update.error)}
            </Alert>
          )}
          <ClientFields form={form} />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function ClientPage() {
  const { clientId = '' } = useParams();
  const client = useClient(clientId);
  const name = client.data ? `${client.data.firstName} ${client.data.lastName}` : 'Client';

  // The firm's client-portal sign-in: each firm's portal link names the firm.
  const portalLink = client.data ? `${window.location.origin}/portal/${client.data.firmId}/login` : null;
  const actions = (
    <Group gap="sm">
      {portalLink && (
        <CopyButton value={portalLink}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'filled' : 'light'}
              color={copied ? 'teal' : undefined}
              size="xs"
              onClick={copy}
              title={portalLink}
            >
              {copied ? 'Portal link copied' : 'Copy portal link'}
            </Button>
          )}
        </CopyButton>
      )}
      <Anchor component={Link} to="/clients">
        All clients
      </Anchor>
    </Group>
  );

  return (
    <PageLayout title={name} actions={actions}>
      {client.isPending ? (
        <Loading label="Loading the client…" />
      ) : client.isError ? (
        client.error instanceof ApiError && client.error.status === 404 ? (
          <Alert color="gray" title="Not found" role="status">
            <Text size="sm">
              This client does not exist. It may belong to another firm, or the link may be mistyped.
            </Text>
          </Alert>
        ) : (
          <ErrorState error={client.error} onRetry={() => void client.refetch()} />
        )
      ) : (
        <Stack gap="lg">
          <ClientForm key={client.data.id} client={client.data} />
          <PortalAccessCard client={client.data} />
        </Stack>
      )}
    </PageLayout>
  );
}
