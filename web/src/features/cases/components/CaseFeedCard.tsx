import { CalendarFeedsCard } from '../../../components/CalendarFeedsCard';

/** The caller's calendar feeds of this case: every event of the case, cancelled ones marked. */
export function CaseFeedCard({ caseId, zone }: { caseId: string; zone: string }) {
  return (
    <CalendarFeedsCard
      id="case-feed"
      title="Calendar feed"
      description="A feed of every event of this case for your own calendar app. Each feed you create is separate: a new one replaces nothing. Get a new URL to shut out anyone who has the old one; delete a feed to end it."
      emptyText="You have no calendar feed of this case."
      tableLabel="Your feeds of this case"
      newFeed={{ scope: 'case', caseId }}
      shows={(f) => f.scope === 'case' && f.caseId === caseId}
      zone={zone}
    />
  );
}
