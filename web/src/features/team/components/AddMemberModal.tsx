import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ApiError, errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { useAddMember } from '../hooks/useTeam';

const MEMBER_FIELDS = ['name', 'email', 'password', 'permissions'] as const;

export function AddMemberModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const add = useAddMember();
  const form = useForm({
    initialValues: { name: '', email: '', password: '', teamSettings: false },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter their name.'),
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter their email address.'),
      password: (v) => (v.length < 12 ? 'Use at least 12 characters.' : null),
    },
  });
  const close = () => {
    add.reset();
    onClose();
  };
  const submit = form.onSubmit(({ name, email, password, teamSettings }) =>
    add.mutate(
      { name: name.trim(), email: email.trim(), password, permissions: teamSettings ? ['team_settings'] : [] },
      {
        onSuccess: (member) => {
          notifications.show({
            color: 'teal',
            message: `${member.name} was added to the team. Give them their password in person.`,
          });
          form.reset();
          close();
        },
        onError: (error) => {
          applyFieldErrors(error, form.setFieldError, MEMBER_FIELDS);
          if (error instanceof ApiError && error.body.code === 'email_taken')
            form.setFieldError('email', error.message);
        },
      },
    ),
  );

  return (
    <Modal opened={opened} onClose={close} title="Add member">
      <form onSubmit={submit} noValidate>
        <Stack>
          {add.isError &&
            !shownAtFields(add.error, MEMBER_FIELDS) &&
            !(add.error instanceof ApiError && add.error.body.code === 'email_taken') && (
              <Alert color="red" role="alert">
                {errorMessage(add.error)}
              </Alert>
            )}
          <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="off"
            description="They sign in with it."
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="new-password"
            description="At least 12 characters. They can change it under Profile."
            {...form.getInputProps('password')}
          />
          <Checkbox
            label="Team settings"
            description="May add, edit and remove team members and connect Zoom for the firm."
            {...form.getInputProps('teamSettings', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
