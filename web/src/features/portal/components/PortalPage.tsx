import { Alert, Box, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { ErrorState, Loading } from '../../../components/QueryState';
import { endOf } from '../../../components/zoned-time';
import {
  isUnauthorized,
  portalLoginPath,
  rememberedFirm,
  rememberFirm,
  usePortalEvents,
  usePortalLogout,
  usePortalMe,
  type PortalEvent,
  type PortalMe,
} from '../hooks/usePortal';
import { PortalEventItem } from './PortalEventItem';
import { SubscribeCard } from './SubscribeCard';

function PortalHeader({
  firmName,
  onSignOut,
  signingOut,
}: {
  firmName?: string;
  onSignOut?: () => void;
  signingOut?: boolean;
}) {
  return (
    <Box component="header" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Container size="md" px={0}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
              {firmName ?? 'Client portal'}
            </Text>
            {firmName && (
              <Text size="xs" c="dimmed">
                Client portal
              </Text>
            )}
          </Stack>
          {onSignOut && (
            <Button variant="default" size="xs" onClick={onSignOut} loading={signingOut} style={{ flexShrink: 0 }}>
              Sign out
            </Button>
          )}
        </Group>
      </Container>
    </Box>
  );
}

function EventList({
  events,
  zoneOf,
  past = false,
  labelledBy,
}: {
  events: PortalEvent[];
  zoneOf: (e: PortalEvent) => string;
  past?: boolean;
  labelledBy: string;
}) {
  return (
    <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={labelledBy}>
      {events.map((e) => (
        <PortalEventItem key={e.id} event={e} zone={zoneOf(e)} past={past} />
      ))}
    </Stack>
  );
}

function Appointments({ me }: { me: PortalMe }) {
  const events = usePortalEvents(true);
  const navigate = useNavigate();
  const ended = events.isError && isUnauthorized(events.error);
  useEffect(() => {
    const to = portalLoginPath(me.firm.id);
    if (ended && to) void navigate(`${to}?expired=1`, { replace: true });
  }, [ended, me.firm.id, navigate]);
  const now = DateTime.now();
  const { upcoming, past } = useMemo(() => {
    const items = events.data ?? [];
    return {
      upcoming: items.filter((e) => endOf(e) > now),
      past: items.filter((e) => endOf(e) <= now).reverse(),
    };
  }, [events.data]);

  if (events.isPending) return <Loading label="Loading your appointments…" />;
  if (events.isError)
    return (
      <ErrorState
        error={events.error}
        onRetry={() => void events.refetch()}
        title="Your appointments could not be loaded"
      />
    );
  // The client's own zone, else the event's (the firm's zone is not part of what the portal is told).
  // The client's own zone, else the firm's (api.md: dates are shown in the client's zone, else the firm's).
  const zoneOf = (_e: PortalEvent) => me.client.timezone ?? me.firm.timezone;
  return (
    <Stack gap="lg">
      <Stack gap="sm" component="section" aria-labelledby="portal-upcoming">
        <Title order={2} size="h4" id="portal-upcoming">
          Upcoming appointments
        </Title>
        {upcoming.length === 0 ? (
          <Text size="sm" c="dimmed">
            You have no upcoming appointments. When your law firm shares one with you, it shows here.
          </Text>
        ) : (
          <EventList events={upcoming} zoneOf={zoneOf} labelledBy="portal-upcoming" />
        )}
      </Stack>
      {past.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="portal-past">
          <Title order={2} size="h4" id="portal-past">
            Past appointments
          </Title>
          <EventList events={past} zoneOf={zoneOf} past labelledBy="portal-past" />
        </Stack>
      )}
    </Stack>
  );
}

/** The client's portal: their shared appointments with Join, and their calendar feed; outside the staff app. */
export function PortalPage() {
  const me = usePortalMe();
  const logout = usePortalLogout();
  const navigate = useNavigate();
  const unauthorized = me.isError && isUnauthorized(me.error);
  const firmId = me.data?.firm.id ?? rememberedFirm();

  useEffect(() => {
    document.title = me.data ? `Your appointments · ${me.data.firm.name}` : 'Your appointments · Client portal';
  }, [me.data]);
  useEffect(() => {
    if (me.data) rememberFirm(me.data.firm.id);
  }, [me.data]);
  // No session (never signed in here, expired, signed out elsewhere, access ended): the firm's sign-in.
  useEffect(() => {
    const to = portalLoginPath(rememberedFirm());
    if (unauthorized && to) void navigate(`${to}?expired=1`, { replace: true });
  }, [unauthorized, navigate]);

  const signOut = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        const to = portalLoginPath(firmId);
        void navigate(to ? `${to}?signedOut=1` : '/portal', { replace: true });
      },
    });

  return (
    <>
      <PortalHeader
        firmName={me.data?.firm.name}
        onSignOut={me.data ? signOut : undefined}
        signingOut={logout.isPending}
      />
      <Container size="md" py="lg" px="md" component="main">
        <Stack gap="lg">
          <Title order={1} size="h2">
            Your appointments
          </Title>
          {me.isPending ? (
            <Loading label="Signing you in…" />
          ) : unauthorized ? (
            portalLoginPath(rememberedFirm()) ? (
              <Loading label="Taking you to sign in…" />
            ) : (
              <Alert color="yellow" role="status" title="You are not signed in">
                Open the client portal link your law firm sent you to sign in.
              </Alert>
            )
          ) : me.isError ? (
            <ErrorState error={me.error} onRetry={() => void me.refetch()} />
          ) : (
            <>
              <Text size="sm">
                Signed in as {me.data.client.firstName} {me.data.client.lastName}.
              </Text>
              <Appointments me={me.data} />
              <SubscribeCard />
            </>
          )}
        </Stack>
      </Container>
    </>
  );
}
