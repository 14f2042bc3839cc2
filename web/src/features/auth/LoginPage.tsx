import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage, unwrap } from '../../api/client';
import { sessionKeys } from '../../api/session';
import { safeNext } from './safe-next';

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';
  const form = useForm({ initialValues: { email: '', password: '' } });
  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) =>
      unwrap(api.POST('/api/v1/auth/login', { params: { query: { session: 'cookie' } }, body: values })),
    onSuccess: async () => {
      // Forget the "signed out" answer a dead session left behind, so the page asks the server afresh.
      queryClient.removeQueries({ queryKey: sessionKeys.me });
      await navigate(next, { replace: true });
    },
  });
  useEffect(() => {
    document.title = 'Sign in · MyLawyerLink';
  }, []);

  return (
    <Paper withBorder p="xl" radius="md" maw={420} mx="auto" mt="xl" component="main">
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Sign in
          </Title>
          {expired && !login.isError && (
            <Alert color="yellow" role="status">
              Your session ended. Sign in again to continue where you were: what you typed is kept.
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
          <Text size="sm">
            New to MyLawyerLink?{' '}
            <Anchor component={Link} to="/signup">
              Create a firm
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
