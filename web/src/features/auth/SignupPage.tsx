import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, errorMessage, unwrap } from '../../api/client';
import { sessionKeys } from '../../api/session';

const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function SignupPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { firmName: '', name: '', email: '', password: '' },
    validate: { password: (v) => (v.length < 12 ? 'Use at least 12 characters.' : null) },
  });
  const signup = useMutation({
    mutationFn: (values: typeof form.values) =>
      unwrap(
        api.POST('/api/v1/auth/signup', {
          params: { query: { session: 'cookie' } },
          body: { ...values, timezone: browserZone() },
        }),
      ),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: sessionKeys.me });
      await navigate('/', { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError) for (const e of error.body.errors ?? []) form.setFieldError(e.field, e.message);
    },
  });
  useEffect(() => {
    document.title = 'Create your firm · MyLawyerLink';
  }, []);

  return (
    <Paper withBorder p="xl" radius="md" maw={460} mx="auto" mt="xl" component="main">
      <form onSubmit={form.onSubmit((values) => signup.mutate(values))} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Create your firm
          </Title>
          {signup.isError && (
            <Alert color="red" role="alert">
              {errorMessage(signup.error)}
            </Alert>
          )}
          <TextInput label="Firm name" required {...form.getInputProps('firmName')} />
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            description="At least 12 characters."
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signup.isPending}>
            Create firm
          </Button>
          <Text size="sm">
            Already have an account?{' '}
            <Anchor component={Link} to="/login">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
