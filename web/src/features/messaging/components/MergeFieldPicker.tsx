import { Select, Stack, Text } from '@mantine/core';
import { useMergeFields } from '../hooks/useMessaging';

/** Choosing a field hands `{{name}}` to `onInsert`; the picker empties again for the next one. */
export function MergeFieldPicker({ onInsert, disabled }: { onInsert: (text: string) => void; disabled?: boolean }) {
  const fields = useMergeFields();
  const byName = new Map((fields.data ?? []).map((f) => [f.name, f]));
  return (
    <Select
      label="Insert merge field"
      description={
        fields.isError
          ? 'The merge fields could not be loaded. Reload the page to try again.'
          : 'Inserted where the cursor is in the body.'
      }
      placeholder={fields.isPending ? 'Loading merge fields…' : 'Choose a field'}
      data={(fields.data ?? []).map((f) => ({ value: f.name, label: f.name }))}
      value={null}
      onChange={(name) => name && onInsert(`{{${name}}}`)}
      searchable
      disabled={disabled || !fields.data}
      nothingFoundMessage="No merge field has that name"
      maxDropdownHeight={320}
      renderOption={({ option }) => {
        const field = byName.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm" ff="monospace">
              {option.value}
            </Text>
            {field && (
              <Text size="xs" c="dimmed">
                {field.description} For example: {field.example}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}
