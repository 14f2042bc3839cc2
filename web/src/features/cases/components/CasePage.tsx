import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useMe } from '../../../api/session';
import { PageLayout } from '../../../components/PageLayout';
import { ErrorState, Loading } from '../../../components/QueryState';
import { useCase } from '../hooks/useCases';
import { CaseFeedCard } from './CaseFeedCard';
import { CaseMembersCard } from './CaseMembersCard';
import { CaseTimeline } from './CaseTimeline';

export function CasePage() {
  const { caseId = '' } = useParams();
  const legalCase = useCase(caseId);
  const me = useMe();
  const zone = me.data?.firm.timezone ?? 'UTC';

  return (
    <PageLayout
      title={legalCase.data?.title ?? 'Case'}
      actions={
        <Anchor component={Link} to="/cases">
          All cases
        </Anchor>
      }
    >
      {legalCase.isPending ? (
        <Loading label="Loading the case…" />
      ) : legalCase.isError ? (
        legalCase.error instanceof ApiError && legalCase.error.status === 404 ? (
          <Alert color="gray" title="Not found" role="status">
            <Text size="sm">This case does not exist. It may belong to another firm, or the link may be mistyped.</Text>
          </Alert>
        ) : (
          <ErrorState error={legalCase.error} onRetry={() => void legalCase.refetch()} />
        )
      ) : (
        <Stack gap="lg">
          <CaseTimeline caseId={caseId} />
          <CaseMembersCard legalCase={legalCase.data} />
          <CaseFeedCard caseId={caseId} zone={zone} />
        </Stack>
      )}
    </PageLayout>
  );
}
