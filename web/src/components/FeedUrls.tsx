import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';

function CopyRow({ label, value }: { label: string; value: string }) {
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput label={label} value={value} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy} aria-label={`Copy ${label}`}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** A feed URL just issued: shown this once, with copy buttons and how to subscribe. */
export function FeedUrls({ url, webcalUrl, onDone }: { url: string; webcalUrl: string; onDone?: () => void }) {
  return (
    <Alert color="indigo" variant="light" title="Your calendar feed URL" role="status">
      <Stack gap="sm">
        <Text size="sm">
          Copy it now: it is shown only this once. Subscribe in Google, Apple or Outlook Calendar with “add calendar from URL”
          (the webcal link opens Apple and Outlook directly). Anyone with the URL can read this calendar.
        </Text>
        <CopyRow label="Feed URL" value={url} />
        <CopyRow label="Webcal URL" value={webcalUrl} />
        {onDone && (
          <Group justify="flex-end">
            <Button variant="default" size="xs" onClick={onDone}>Hide the URL</Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
