import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { CopyField } from './CopyField';

/** A feed URL just issued: shown this once, with copy buttons and how to subscribe. */
export function FeedUrls({ url, webcalUrl, onDone }: { url: string; webcalUrl: string; onDone?: () => void }) {
  return (
    <Alert color="indigo" variant="light" title="Your calendar feed URL" role="status">
      <Stack gap="sm">
        <Text size="sm">
          Copy it now: it is shown only this once. Subscribe in Google, Apple or Outlook Calendar with “add calendar
          from URL” (the webcal link opens Apple and Outlook directly). Anyone with the URL can read this calendar.
        </Text>
        <CopyField label="Feed URL" value={url} />
        <CopyField label="Webcal URL" value={webcalUrl} />
        {onDone && (
          <Group justify="flex-end">
            <Button variant="default" size="xs" onClick={onDone}>
              Hide the URL
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
