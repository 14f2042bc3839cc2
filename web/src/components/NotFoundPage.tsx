import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageLayout } from './PageLayout';

export function NotFoundPage() {
  return (
    <PageLayout title="Page not found">
      <Stack gap="xs">
        <Text>There is no page at this address. It may have moved, or the link may be mistyped.</Text>
        <Anchor component={Link} to="/">
          Go to your upcoming events
        </Anchor>
      </Stack>
    </PageLayout>
  );
}
