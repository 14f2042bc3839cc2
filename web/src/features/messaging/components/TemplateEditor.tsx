import { Alert, Button, Divider, Group, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { useSaveTemplate, useTemplateCheck, type Channel, type Template } from '../hooks/useMessaging';
import { MergeFieldPicker } from './MergeFieldPicker';
import { TemplatePreview } from './TemplatePreview';
import { TemplateProblem } from './TemplateProblem';

const FIELDS = ['channel', 'name', 'subject', 'body'] as const;
/** Refusals of the text itself: shown under the body, where the check shows them. */
const TEXT_REFUSALS = new Set([
  'template_syntax_error',
  'unknown_merge_field',
  'template_render_failed',
  'sms_too_long',
  'template_too_costly',
]);

/** New template (template null) or edit one: the fields, the check as one types, the merge-field picker and the preview. */
export function TemplateEditor({ template, onClose }: { template: Template | null; onClose: () => void }) {
  const save = useSaveTemplate(template?.id ?? null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [eventId, setEventId] = useState<string | null>(null);
  const [clientId, setClientId] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      channel: (template?.channel ?? 'sms') as Channel,
      name: template?.name ?? '',
      subject: template?.subject ?? '',
      body: template?.body ?? '',
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the template.'),
      subject: (v, values) => (values.channel === 'email' && !v.trim() ? 'An email needs a subject.' : null),
      body: (v) => (v.trim() ? null : 'Write the message.'),
    },
  });
  const { channel, subject, body } = form.values;
  const [debounced] = useDebouncedValue(
    useMemo(() => ({ channel, subject, body }), [channel, subject, body]),
    400,
  );
  const check = useTemplateCheck(debounced);

  /** Puts `text` where the cursor (or the selection) was in the body, then puts the cursor after it. */
  const insert = (text: string) => {
    const el = bodyRef.current;
    const current = form.getValues().body;
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? current.length;
    form.setFieldValue('body', current.slice(0, start) + text + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const submit = form.onSubmit((values) =>
    save.mutate(
      { ...values, name: values.name.trim() },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: `The template ${saved.name} was saved.` });
          onClose();
        },
        onError: (error) => applyFieldErrors(error, form.setFieldError, FIELDS),
      },
    ),
  );

  const typing =
    debounced !== undefined &&
    (debounced.body !== body || debounced.subject !== subject || debounced.channel !== channel);
  // A refusal of the text itself (syntax, fields, length) holds only for the text that was saved.
  const sent = save.variables;
  const refusedText = save.error instanceof ApiError && TEXT_REFUSALS.has(save.error.body.code);
  const saveRefusedTemplate =
    refusedText && sent?.body === body && sent.subject === subject && sent.channel === channel;

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={template ? `Edit template ${template.name}` : 'New template'}
      size="xl"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {save.isError && !refusedText && !shownAtFields(save.error, FIELDS) && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Radio.Group label="Channel" required {...form.getInputProps('channel')}>
            <Group mt="xs">
              <Radio value="sms" label="SMS" />
              <Radio value="email" label="Email" />
            </Group>
          </Radio.Group>
          <TextInput
            label="Name"
            required
            description="Staff see it; clients never do."
            autoComplete="off"
            {...form.getInputProps('name')}
          />
          {channel === 'email' && (
            <TextInput label="Subject" required autoComplete="off" {...form.getInputProps('subject')} />
          )}
          <Textarea
            label="Body"
            required
            ref={bodyRef}
            autosize
            minRows={4}
            maxRows={14}
            description={
              channel === 'email'
                ? 'Plain text: clients get it as you write it.'
                : 'Up to 1,600 characters once the merge fields are filled in.'
            }
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('body')}
          />
          <div role="status" aria-live="polite">
            {body.trim() === '' ? null : typing || check.isFetching ? (
              <Text size="sm" c="dimmed">
                Checking…
              </Text>
            ) : check.isError ? null : check.isSuccess ? (
              <Text size="sm" c="teal">
                No problems found.
              </Text>
            ) : null}
          </div>
          {!typing && check.isError && <TemplateProblem error={check.error} />}
          {saveRefusedTemplate && !check.isError && <TemplateProblem error={save.error} />}
          <MergeFieldPicker onInsert={insert} />
          <Divider />
          <TemplatePreview
            draft={debounced}
            eventId={eventId}
            clientId={clientId}
            onEvent={setEventId}
            onClient={setClientId}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
