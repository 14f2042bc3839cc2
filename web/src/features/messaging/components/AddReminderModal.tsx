import { Alert, Button, Group, Modal, NumberInput, Select, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { useAddReminderRule, type Template } from '../hooks/useMessaging';
import { describeOffset } from './offset';

const FIELDS = ['templateId', 'offsetMinutes'] as const;

export function AddReminderModal({ templates, onClose }: { templates: Template[]; onClose: () => void }) {
  const add = useAddReminderRule();
  const form = useForm({
    mode: 'controlled',
    initialValues: { templateId: null as string | null, amount: 24 as number | string, unit: 'hours' as string | null },
    validate: {
      templateId: (v) => (v ? null : 'Choose the template to send.'),
      amount: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? null : 'Enter a whole number above 0.'),
    },
  });
  const submit = form.onSubmit(({ templateId, amount, unit }) => {
    const offsetMinutes = Number(amount) * (unit === 'hours' ? 60 : 1);
    add.mutate(
      { templateId: templateId ?? '', offsetMinutes },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message: `Clients will get a reminder ${describeOffset(offsetMinutes)} each shared event.`,
          });
          onClose();
        },
        onError: (error) =>
          applyFieldErrors(error, (f, m) => form.setFieldError(f === 'offsetMinutes' ? 'amount' : f, m), FIELDS),
      },
    );
  });

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title="Add reminder">
      <form onSubmit={submit} noValidate>
        <Stack>
          {add.isError && !shownAtFields(add.error, FIELDS) && (
            <Alert color="red" role="alert">
              {errorMessage(add.error)}
            </Alert>
          )}
          <Select
            label="Template"
            required
            description="Sent to each client on the case of each event shared with clients."
            data={templates.map((t) => ({
              value: t.id,
              label: `${t.name} (${t.channel === 'sms' ? 'SMS' : 'Email'})`,
            }))}
            {...form.getInputProps('templateId')}
          />
          <Group align="flex-start" grow>
            <NumberInput
              label="How long before"
              required
              min={1}
              allowDecimal={false}
              {...form.getInputProps('amount')}
            />
            <Select
              label="Unit"
              data={[
                { value: 'minutes', label: 'minutes' },
                { value: 'hours', label: 'hours' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('unit')}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
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
