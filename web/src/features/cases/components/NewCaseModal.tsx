import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { useCreateCase } from '../hooks/useCases';
import { ClientsPicker, StaffPicker } from './MemberPickers';

const CASE_FIELDS = ['title', 'clientIds', 'staffIds'] as const;

export function NewCaseModal({
  opened,
  onClose,
  myId,
}: {
  opened: boolean;
  onClose: () => void;
  myId: string | undefined;
}) {
  const navigate = useNavigate();
  const create = useCreateCase();
  const form = useForm({
    initialValues: { title: '', clientIds: [] as string[], staffIds: myId ? [myId] : ([] as string[]) },
    validate: { title: (v) => (v.trim() ? null : 'Enter a title.') },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    create.mutate(
      { ...values, title: values.title.trim() },
      {
        onSuccess: (created) => {
          form.reset();
          close();
          void navigate(`/cases/${created.id}`);
        },
        onError: (error) => applyFieldErrors(error, form.setFieldError, CASE_FIELDS),
      },
    ),
  );

  return (
    <Modal opened={opened} onClose={close} title="New case" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {create.isError && !shownAtFields(create.error, CASE_FIELDS) && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <TextInput label="Title" required placeholder="Smith v. Jones" {...form.getInputProps('title')} />
          <ClientsPicker
            description="They get the reminders of the case's shared events."
            {...form.getInputProps('clientIds')}
          />
          <StaffPicker description="The team members working on the case." {...form.getInputProps('staffIds')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create case
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
