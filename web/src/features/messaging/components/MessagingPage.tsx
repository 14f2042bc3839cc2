import { Alert } from '@mantine/core';
import { hasTeamSettings, useMe } from '../../../api/session';
import { PageLayout } from '../../../components/PageLayout';
import { ReminderRulesCard } from './ReminderRulesCard';
import { TemplatesCard } from './TemplatesCard';

export function MessagingPage() {
  const me = useMe();
  const canManage = me.data ? hasTeamSettings(me.data) : false;
  return (
    <PageLayout title="Messaging">
      {me.data && !canManage && (
        <Alert color="gray" role="note">
          You can see the templates and reminders, but only members with the Team settings permission can write, change
          or delete them. Ask one of them for changes.
        </Alert>
      )}
      <TemplatesCard canManage={canManage} />
      <ReminderRulesCard canManage={canManage} />
    </PageLayout>
  );
}
