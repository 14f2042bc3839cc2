import { Stack, Text } from '@mantine/core';
import { PageLayout } from '../../components/PageLayout';
import { ZoomCard } from './components/ZoomCard';
import { ZoomReturnNotice } from './components/ZoomReturnNotice';
import { ZoomScopes } from './components/ZoomScopes';

/** Account → Settings → Firm → Integrations: each team member connects their own Zoom account here. */
export function IntegrationsPage() {
  return (
    <PageLayout title="Integrations">
      <Stack gap="lg">
        <ZoomReturnNotice />
        <Text c="dimmed" size="sm">
          Each team member connects their own Zoom account: meetings you create run under your Zoom user. Connecting
          needs team settings permission and an active subscription.
        </Text>
        <ZoomCard />
        <ZoomScopes />
      </Stack>
    </PageLayout>
  );
}
