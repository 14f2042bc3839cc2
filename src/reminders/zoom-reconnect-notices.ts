import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { ZoomConnectionEvents, type ReconnectNeeded } from '../integrations/zoom/zoom-connection.events.js';
import { Delivery } from './delivery.entity.js';
import { zoomReconnectKey } from './reminder-plan.js';

export const INTEGRATIONS_PATH = '/account/settings/firm/integrations';

/** The fixed email a staff member gets when their Zoom connection needs reconnecting. */
export function zoomReconnectEmail(appUrl: string): { subject: string; html: string; text: string } {
  const link = `${appUrl}${INTEGRATIONS_PATH}`;
  const text = [
    'Zoom no longer accepts the connection to your Zoom account (the authorization expired or was revoked),',
    'so Zoom meetings cannot be added to events until you reconnect.',
    '',
    `Reconnect under Integrations: ${link}`,
  ].join('\n');
  const safe = escapeHtml(link);
  const html = `<p>Zoom no longer accepts the connection to your Zoom account (the authorization expired or was revoked), so Zoom meetings cannot be added to events until you reconnect.</p><p><a href="${safe}">Reconnect Zoom under Integrations</a>: ${safe}</p>`;
  return { subject: 'Reconnect Zoom to keep adding meetings', html, text };
}

/**
 * Puts the "reconnect Zoom" email in the outbox when a connection turns reconnect_needed, inside the
 * transaction that records the transition; the key names the transition, so each one mails once.
 */
@Injectable()
export class ZoomReconnectNotices implements OnModuleInit {
  constructor(
    private readonly connections: ZoomConnectionEvents,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.connections.onReconnectNeeded((event) => this.enqueue(event));
  }

  /** Runs in the transaction that records the transition (Transactions.run joins it). */
  async enqueue({ credentialId, firmId, at, owner }: ReconnectNeeded): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(Delivery)
        .values({
          id: randomUUID(),
          firmId,
          kind: 'zoom_reconnect_needed',
          eventId: null,
          clientId: null,
          ruleId: null,
          channel: 'email',
          recipient: owner?.email ?? null,
          status: owner ? 'scheduled' : 'skipped',
          dueAt: now,
          sentAt: null,
          attempts: 0,
          lastError: owner ? null : 'The staff member no longer exists.',
          providerId: null,
          leaseOwner: null,
          leaseUntil: null,
          dedupeKey: zoomReconnectKey(credentialId, at),
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .execute(),
    );
  }
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
