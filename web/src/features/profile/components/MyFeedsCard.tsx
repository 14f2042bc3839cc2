import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { CalendarFeedsCard } from '../../../components/CalendarFeedsCard';

/** The caller's feeds: their own events (scope me) and any case feeds they made. */
export function MyFeedsCard({ zone }: { zone: string }) {
  return (
    <CalendarFeedsCard
      id="calendar-feeds"
      title="Calendar feeds"
      description="Your events (those you are on or created) in your own calendar app. A feed URL is shown only when it is created or replaced: get a new URL if it may have leaked; the old one stops working at once."
      emptyText="You have no calendar feeds yet."
      tableLabel="Your calendar feeds"
      newFeed={{ scope: 'me' }}
      shows={() => true}
      zone={zone}
      extraColumn={{
        header: 'Holds',
        cell: (f) =>
          f.scope === 'case' && f.caseId ? (
            <Anchor component={Link} to={`/cases/${f.caseId}`} size="sm">
              One case's events
            </Anchor>
          ) : (
            'Your events'
          ),
      }}
    />
  );
}
