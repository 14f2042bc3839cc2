import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { useCase } from '../hooks/useEventQueries';

/** The event's case, by its title once known. */
export function CaseLink({ caseId, size = 'sm' }: { caseId: string; size?: 'xs' | 'sm' | 'md' }) {
  const kase = useCase(caseId);
  const title = kase.data?.title ?? (kase.isError ? 'Open the case' : 'Loading case…');
  return (
    <Anchor component={Link} to={`/cases/${caseId}`} size={size}>
      Case: {title}
    </Anchor>
  );
}
