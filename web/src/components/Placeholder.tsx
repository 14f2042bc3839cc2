import { Text } from '@mantine/core';
import { PageLayout } from './PageLayout';

/** A page whose feature is not built yet: it says so, in words, instead of a blank page. */
export function Placeholder({ title }: { title: string }) {
  return (
    <PageLayout title={title}>
      <Text c="dimmed">This page is not available in this version yet.</Text>
    </PageLayout>
  );
}
