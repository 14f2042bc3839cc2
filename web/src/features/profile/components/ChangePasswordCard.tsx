import { Alert, Button, Card, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError, errorMessage } from '../../../api/client';
import { applyFieldErrors } from '../../../components/form-errors';
import { useChangePassword } from '../hooks/useProfile';

export function ChangePasswordCard() {
  const change = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password.'),
      newPassword: (v) => (v.length < 12 ? 'Use at least 12 characters.' : null),
    },
  });
  const submit = form.onSubmit((values) =>
    change.mutate(values, {
      onSuccess: () => form.reset(),
      onError: (error) => {
        if (error instanceof ApiError && error.body.code === 'wrong_password')
          form.setFieldError('currentPassword', error.message);
        else applyFieldErrors(error, form.setFieldError, ['currentPassword', 'newPassword']);
      },
    }),
  );
  // A wrong current password is shown at its field; any other refusal above the form.
  const shownAtField =
    change.error instanceof ApiError &&
    (change.error.body.code === 'wrong_password' || (change.error.body.errors?.length ?? 0) > 0);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="change-password">
      <form onSubmit={submit} noValidate>
        <Stack maw={420}>
          <Title order={2} size="h4" id="change-password">
            Password
          </Title>
          {change.isSuccess && (
            <Alert color="teal" role="status">
              Your password was changed. Every other session of yours was signed out; this one stays signed in.
            </Alert>
          )}
          {change.isError && !shownAtField && (
            <Alert color="red" role="alert">
              {errorMessage(change.error)}
            </Alert>
          )}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description="At least 12 characters."
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
