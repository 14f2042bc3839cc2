import { Stack, Title, Group } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** A page: its title (also the document's), an optional action beside it, then its content. */
export function PageLayout({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · MyLawyerLink`;
  }, [title]);
  return (
    <Stack gap="lg" maw={960}>
      <Group justify="space-between" align="center" wrap="wrap">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}
