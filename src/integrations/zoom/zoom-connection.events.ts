import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ZoomCredential } from './zoom-credential.entity.js';

export type ReconnectNeededListener = (em: EntityManager, credential: ZoomCredential) => Promise<void>;

/**
 * Lets other modules (Messaging's outbox) act on a connection turning reconnect_needed, inside the
 * same transaction, without Integrations depending on them.
 */
@Injectable()
export class ZoomConnectionEvents {
  private readonly listeners: ReconnectNeededListener[] = [];

  onReconnectNeeded(listener: ReconnectNeededListener): void {
    this.listeners.push(listener);
  }

  async reconnectNeeded(em: EntityManager, credential: ZoomCredential): Promise<void> {
    for (const listener of this.listeners) await listener(em, credential);
  }
}
