import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../../api/client';
import { usePortalLogin } from '../hooks/usePortal';

/** The client's sign-in to one firm's portal: the firm is in the link the firm gave them. */
export function PortalLoginPage() {
  const { firmId = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = usePortalLogin(firmId);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : 'Enter your email.'),
      password: (v) => (v ? null : 'Enter your password.'),
    },
  });
  useEffect(() => {
    document.title = 'Client portal sign in · MyLawyerLink';
  }, []);

  const ended = params.get('expired') === '1';
  const signedOut = params.get('signedOut') === '1';

  return (
    <Paper withBorder p="xl" radius="md" maw={420} mx="auto" mt="xl" component="main" style={{ marginInline: 'auto' }}>
      <form
        onSubmit={form.onSubmit((values) =>
          login.mutate(values, { onSuccess: () => void navigate('/portal', { replace: true }) }),
        )}
        noValidate
      >
        <Stack>
          <Title order={1} size="h2">
            Client portal
          </Title>
          <Text size="sm" c="dimmed">
            Sign in with the email and password your law firm gave you to see your appointments and join video meetings.
          </Text>
          {ended && !login.isError && (
            <Alert color="yellow" role="status">
              Your session ended. Sign in again.
            </Alert>
          )}
          {signedOut && !login.isError && !ended && (
            <Alert color="gray" role="status">
              You are signed out.
            </Alert>
          )}
          {login.isError && (
            <Alert color="red" role="alert">
              {errorMessage(login.error)}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
