import { Text } from '@mantine/core';
import { useMe } from '../../../api/session';
import { PageLayout } from '../../../components/PageLayout';
import { ChangePasswordCard } from './ChangePasswordCard';
import { MyFeedsCard } from './MyFeedsCard';

export function ProfilePage() {
  const me = useMe();
  return (
    <PageLayout title="Profile">
      {me.data && (
        <Text c="dimmed" size="sm">
          Signed in as {me.data.user.name} ({me.data.user.email}).
        </Text>
      )}
      <ChangePasswordCard />
      <MyFeedsCard zone={me.data?.firm.timezone ?? 'UTC'} />
    </PageLayout>
  );
}
