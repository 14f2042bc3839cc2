import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import type { ClientContact } from './records.js';

/** What changed among a firm's people, as the modules above Identity need to hear it: data, never Identity's tables. */
export type IdentityChange =
  /** A staff member was offboarded (DELETE /users/:id): their feeds die, their Zoom credential can no longer be used, they leave upcoming events. */
  | { kind: 'staff_removed'; firmId: string; userId: string }
  /** A client's portal access ended (portalPassword: null): their portal feed dies. */
  | { kind: 'client_portal_access_ended'; firmId: string; clientId: string }
  /**
   * A case's clients changed (PATCH /cases/:id): reminders follow the membership. `clients` are the
   * clients on the case after the change, with where a message to each can go.
   */
  | {
      kind: 'case_clients_changed';
      firmId: string;
      caseId: string;
      added: string[];
      removed: string[];
      clients: ClientContact[];
    };

export type IdentityListener = (change: IdentityChange) => Promise<void>;

/**
 * Lets the modules above Identity (Zoom, CaseEvents, CalendarFeed, Reminders) write their rows in the
 * same transaction as a change to a firm's people, without IdentityModule importing them. emit runs
 * inside that transaction, and it is ambient (Transactions): a listener writes its own tables through
 * Transactions.run or `manager`, which join it, and calls other modules' services, which join it too.
 * A listener that throws rolls the change back. Listeners ignore kinds they don't need.
 */
@Injectable()
export class IdentityHooks {
  private readonly listeners: IdentityListener[] = [];

  constructor(private readonly transactions: Transactions) {}

  /** Adds a listener; the returned function removes it again. */
  register(listener: IdentityListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Runs every listener in turn, inside the caller's transaction. */
  async emit(change: IdentityChange): Promise<void> {
    if (!this.transactions.inTransaction)
      throw new Error('IdentityHooks.emit must run inside the transaction that makes the change');
    for (const listener of [...this.listeners]) await listener(change);
  }
}
