import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { useUpdateCase, type Case } from '../hooks/useCases';
import { ClientsPicker, StaffPicker } from './MemberPickers';

/** Who is on the case; Save replaces both lists (PATCH /cases/:id). */
export function CaseMembersCard({ legalCase }: { legalCase: Case }) {
  const update = useUpdateCase(legalCase.id);
  const members = { clientIds: legalCase.clientIds, staffIds: legalCase.staffIds };
  const form = useForm({ initialValues: members });
  useEffect(() => {
    if (!form.isDirty()) form.setValues(members);
    form.resetDirty(members);
  }, [legalCase.clientIds.join(), legalCase.staffIds.join()]);

  const submit = form.onSubmit((values) =>
    update.mutate(values, {
      onSuccess: () => notifications.show({ color: 'teal', message: 'The case members were saved.' }),
      onError: (error) => applyFieldErrors(error, form.setFieldError, ['clientIds', 'staffIds']),
    }),
  );

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="case-members">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="case-members">
            Members
          </Title>
          <Text size="sm" c="dimmed">
            A client added here gets the reminders of this case's upcoming shared events (one already due is sent at
            once). A client removed has theirs cancelled and no longer sees the case's events in the portal or their
            calendar feed.
          </Text>
          {update.isError && !shownAtFields(update.error, ['clientIds', 'staffIds']) && (
            <Alert color="red" role="alert">
              {errorMessage(update.error)}
            </Alert>
          )}
          <ClientsPicker {...form.getInputProps('clientIds')} />
          <StaffPicker {...form.getInputProps('staffIds')} />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              Save members
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
