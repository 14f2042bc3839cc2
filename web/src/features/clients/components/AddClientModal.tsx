import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../api/client';
import { useCreateClient } from '../hooks/useClients';
import {
  ClientFields,
  clientBody,
  clientErrorAtFields,
  placeClientErrors,
  emptyClient,
  type ClientFormValues,
} from './ClientFields';

export function AddClientModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const create = useCreateClient();
  const form = useForm<ClientFormValues & { portalPassword: string }>({
    initialValues: { ...emptyClient, portalPassword: '' },
    validate: {
      firstName: (v) => (v.trim() ? null : 'Enter the first name.'),
      lastName: (v) => (v.trim() ? null : 'Enter the last name.'),
      portalPassword: (v) => (v && v.length < 12 ? 'Use at least 12 characters, or leave it empty.' : null),
    },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    create.mutate(
      { ...clientBody(values), portalPassword: values.portalPassword || undefined },
      {
        onSuccess: (client) => {
          notifications.show({ color: 'teal', message: `${client.firstName} ${client.lastName} was added.` });
          form.reset();
          close();
          void navigate(`/clients/${client.id}`);
        },
        onError: (error) => placeClientErrors(error, form.setFieldError),
      },
    ),
  );

  return (
    <Modal opened={opened} onClose={close} title="Add client" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {create.isError && !clientErrorAtFields(create.error) && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <ClientFields form={form} />
          <PasswordInput
            label="Portal password"
            autoComplete="new-password"
            description="Optional. At least 12 characters; lets the client sign in to the portal. Leave empty for no portal access."
            {...form.getInputProps('portalPassword')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
