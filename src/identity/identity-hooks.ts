import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What changed among a firm's people, as the modules above Identity need to hear it. */
export type IdentityChange =
  /** A staff member was offboarded (DELETE /users/:id): their feeds die, their Zoom credential can no longer be used, they leave upcoming events. */
  | { kind: 'staff_removed'; firmId: string; userId: string }
  /** A client's portal access ended (portalPassword: null): their portal feed dies. */
  | { kind: 'client_portal_access_ended'; firmId: string; clientId: string }
  /** A case's clients changed (PATCH /cases/:id): reminders follow the membership. */
  | { kind: 'case_clients_changed'; firmId: string; caseId: string; added: string[]; removed: string[] };

export type IdentityListener = (em: EntityManager, change: IdentityChange) => Promise<void>;

/**
 * Lets the modules above Identity (Zoom, CaseEvents, CalendarFeed, Messaging) write their rows in the
 * same transaction as a change to a firm's people, without IdentityModule importing them. A listener
 * that throws rolls the change back. Listeners write through the `em` they are given, never
 * Transactions.run (on SQLite that waits for this very transaction), and ignore kinds they don't need.
 */
@Injectable()
export class IdentityHooks {
  private readonly listeners: IdentityListener[] = [];

  /** Adds a listener; the returned function removes it again. */
  register(listener: IdentityListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Runs every listener in turn, inside the caller's transaction. */
  async emit(em: EntityManager, change: IdentityChange): Promise<void> {
    for (const listener of [...this.listeners]) await listener(em, change);
  }
}
