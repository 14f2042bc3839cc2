import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { StaffUser } from '../identity/entities/staff-user.entity.js';
import { ZoomConnectionEvents } from '../integrations/zoom/zoom-connection.events.js';
import type { ZoomCredential } from '../integrations/zoom/zoom-credential.entity.js';
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
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.connections.onReconnectNeeded((em, credential) => this.enqueue(em, credential));
  }

  async enqueue(em: EntityManager, credential: ZoomCredential): Promise<void> {
    const owner = await em.findOne(StaffUser, { select: { id: true, email: true }, where: { id: credential.userId } });
    const now = this.clock.now();
    await em
      .createQueryBuilder()
      .insert()
      .into(Delivery)
      .values({
        id: randomUUID(),
        firmId: credential.firmId,
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
        dedupeKey: zoomReconnectKey(credential.id, credential.updatedAt),
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
  }
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
