import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { PageLayout } from '../../components/PageLayout';
import { CaseLink } from './components/CaseLink';
import { EventForm, type EventBody } from './components/EventForm';
import { blankEvent } from './hooks/useEventForm';
import { eventKeys } from './hooks/useEventQueries';

/** A new event on a case; Save goes to the event's page. */
export function NewEventPage() {
  const { caseId = '' } = useParams();
  const me = useMe().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: async (body: EventBody) => {
      const event = await unwrap(api.POST('/api/v1/cases/{caseId}/events', { params: { path: { caseId } }, body }));
      queryClient.setQueryData(eventKeys.one(event.id), event);
      void queryClient.invalidateQueries({ queryKey: ['events', 'upcoming'] });
      await navigate(`/events/${event.id}`);
    },
  });

  return (
    <PageLayout title="New event" actions={<CaseLink caseId={caseId} />}>
      <EventForm
        initial={blankEvent(me?.firm.timezone ?? 'UTC', me ? [me.user.id] : [])}
        draftKey={`event:new:${caseId}`}
        save={create}
      />
    </PageLayout>
  );
}
