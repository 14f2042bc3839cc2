import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import { errorMessage } from '../../../api/client';
import { hasActiveSubscription, hasTeamSettings, useMe, type Me } from '../../../api/session';
import { useZoomCard, type ZoomCard as Card_ } from '../../../api/zoom';
import { QueryState } from '../../../components/QueryState';
import { useConnectZoom, useDisconnectZoom } from '../hooks/useZoomConnection';

const STATUS = {
  connected: { label: 'Connected', color: 'green' },
  not_connected: { label: 'Not Connected', color: 'gray' },
  reconnect_needed: { label: 'Reconnect needed', color: 'orange' },
} as const;

/** Why Connect is disabled, in words; null when the caller may connect. */
function connectBlocker(card: Card_, me: Me | null | undefined): string | null {
  if (card.canConnect) return null;
  if (me && !hasTeamSettings(me))
    return 'You need team settings permission to connect Zoom. Ask a team member who has it to give it to you.';
  if (me && !hasActiveSubscription(me)) {
    return `Connecting Zoom needs an active subscription, and your firm's is ${me.firm.subscriptionStatus.replace('_', ' ')}. Ask the firm's owner to renew it.`;
  }
  return 'You cannot connect Zoom right now.';
}

function ConnectButton({ card }: { card: Card_ }) {
  const me = useMe();
  const connect = useConnectZoom();
  const reasonId = useId();
  const blocker = connectBlocker(card, me.data);
  return (
    <Stack gap="xs" align="flex-start">
      <Button
        onClick={() => connect.mutate()}
        loading={connect.isPending}
        disabled={blocker !== null}
        aria-describedby={blocker ? reasonId : undefined}
      >
        Connect
      </Button>
      {blocker && (
        <Text id={reasonId} size="sm" c="dimmed">
          {blocker}
        </Text>
      )}
      {connect.isError && (
        <Alert color="red" role="alert" title="Zoom could not be connected">
          {errorMessage(connect.error)}
        </Alert>
      )}
    </Stack>
  );
}

function DisconnectButton({ disconnect }: { disconnect: ReturnType<typeof useDisconnectZoom> }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" color="red" onClick={open}>
        Disconnect
      </Button>
      <Modal opened={opened} onClose={close} title="Disconnect Zoom?" centered>
        <Stack>
          <Text size="sm">
            This revokes MyLawyerLink&apos;s authorization with Zoom and deletes your stored refresh token. Existing
            meeting links already saved on events keep working in Zoom: disconnecting only stops creating new meetings
            until you connect again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep connected
            </Button>
            <Button
              color="red"
              loading={disconnect.isPending}
              onClick={() => disconnect.mutate(undefined, { onSettled: close })}
            >
              Yes, disconnect
            </Button>
          </Group>
        </Stack>
      </Modal>
      {disconnect.isError && (
        <Alert color="red" role="alert" title="Zoom could not be disconnected">
          {errorMessage(disconnect.error)}
        </Alert>
      )}
    </>
  );
}

/** The outcome of the last Disconnect, kept above the card once it shows Not Connected. */
function DisconnectOutcome({ revoked }: { revoked: boolean }) {
  return revoked ? (
    <Alert color="green" role="status" title="Zoom is disconnected">
      Zoom confirmed that MyLawyerLink&apos;s access is revoked, and your stored refresh token is deleted.
    </Alert>
  ) : (
    <Alert color="yellow" role="status" title="Zoom is disconnected here">
      Your stored refresh token is deleted, but Zoom did not confirm the revoke (it could not be reached, or nothing was
      connected). To be sure, remove MyLawyerLink from the installed apps of your Zoom account.
    </Alert>
  );
}

function CardBody({ card, disconnect }: { card: Card_; disconnect: ReturnType<typeof useDisconnectZoom> }) {
  if (!card.available) {
    return (
      <Alert color="gray" role="status" title="Zoom is not available">
        Zoom is not enabled on this deployment. An administrator must configure ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET on
        the server.
      </Alert>
    );
  }
  if (card.status === 'connected') {
    return (
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          Connected Zoom account:{' '}
          <Text span fw={600}>
            {card.accountEmail ?? 'unknown email'}
          </Text>
          {card.connectedAt && (
            <Text span c="dimmed">
              {' '}
              (since {new Date(card.connectedAt).toLocaleDateString(undefined, { dateStyle: 'medium' })})
            </Text>
          )}
        </Text>
        <Text size="sm" c="dimmed">
          Meetings you create with Add Zoom meeting run under this Zoom user.
        </Text>
        <DisconnectButton disconnect={disconnect} />
      </Stack>
    );
  }
  if (card.status === 'reconnect_needed') {
    return (
      <Stack gap="sm">
        <Alert color="orange" role="status" title="Reconnect needed">
          Click Connect again and re-authorize in Zoom. This usually means the refresh token expired or was revoked at
          Zoom.
          {card.accountEmail ? ` (Zoom account: ${card.accountEmail})` : ''}
        </Alert>
        <ConnectButton card={card} />
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">
        Connect your own Zoom account to create Zoom meeting links on case events. You sign in with your Zoom login and
        approve access.
      </Text>
      <ConnectButton card={card} />
    </Stack>
  );
}

/** The guide's Zoom card, in every state of the contract. */
export function ZoomCard() {
  const card = useZoomCard();
  // Kept here, not in the button: the button is gone once the card shows Not Connected, the outcome is not.
  const disconnect = useDisconnectZoom();
  const revoked = disconnect.data?.revoked;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="zoom-card-heading">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4" id="zoom-card-heading">
            Zoom
          </Title>
          {card.data?.available && (
            <Badge
              tt="none"
              color={STATUS[card.data.status].color}
              variant="light"
              size="lg"
              styles={{ label: { color: 'var(--mantine-color-dark-9)' } }}
            >
              {STATUS[card.data.status].label}
            </Badge>
          )}
        </Group>
        {revoked !== undefined && card.data?.status === 'not_connected' && <DisconnectOutcome revoked={revoked} />}
        <QueryState query={card}>{(c) => <CardBody card={c} disconnect={disconnect} />}</QueryState>
      </Stack>
    </Card>
  );
}
