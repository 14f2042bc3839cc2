import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { useUpdateMember, type Member } from '../hooks/useTeam';

export function EditMemberModal({ member, onClose }: { member: Member; onClose: () => void }) {
  const update = useUpdateMember(member.id);
  const form = useForm({
    initialValues: { name: member.name, teamSettings: member.permissions.includes('team_settings') },
    validate: { name: (v) => (v.trim() ? null : 'Enter their name.') },
  });
  const submit = form.onSubmit(({ name, teamSettings }) =>
    update.mutate(
      { name: name.trim(), permissions: teamSettings ? ['team_settings'] : [] },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${name.trim()} was saved.` });
          onClose();
        },
        onError: (error) => applyFieldErrors(error, form.setFieldError, ['name']),
      },
    ),
  );

  return (
    <Modal opened onClose={onClose} title={`Edit ${member.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            value={member.email}
            readOnly
            disabled
            description="A member's email cannot be changed here."
          />
          <Checkbox
            label="Team settings"
            description="May add, edit and remove team members and connect Zoom for the firm."
            {...form.getInputProps('teamSettings', { type: 'checkbox' })}
          />
          {update.isError && !shownAtFields(update.error, ['name']) && (
            <Alert color="red" role="alert">
              {errorMessage(update.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
