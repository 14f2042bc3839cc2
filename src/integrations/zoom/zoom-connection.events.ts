import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transactions.js';

/** A staff member's Zoom connection turned reconnect_needed: what a notice about it needs, as data. */
export interface ReconnectNeeded {
  credentialId: string;
  firmId: string;
  userId: string;
  /** When the connection turned: with credentialId, names this transition (one notice per transition). */
  at: Date;
  /** Where a notice to the member goes (email null once removed); null if the member no longer exists. */
  owner: { email: string | null } | null;
}

export type ReconnectNeededListener = (event: ReconnectNeeded) => Promise<void>;

/**
 * Lets other modules (Reminders' outbox) act on a connection turning reconnect_needed, inside the
 * same transaction (ambient: Transactions.run joins it), without Integrations depending on them.
 */
@Injectable()
export class ZoomConnectionEvents {
  private readonly listeners: ReconnectNeededListener[] = [];

  constructor(private readonly transactions: Transactions) {}

  onReconnectNeeded(listener: ReconnectNeededListener): void {
    this.listeners.push(listener);
  }

  async reconnectNeeded(event: ReconnectNeeded): Promise<void> {
    if (!this.transactions.inTransaction)
      throw new Error('ZoomConnectionEvents.reconnectNeeded must run inside the transaction that records it');
    for (const listener of this.listeners) await listener(event);
  }
}
