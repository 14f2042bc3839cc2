import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEvent } from './case-event.entity.js';

/** An event as it was or is at one moment: its columns plus the staff on it. */
export type CaseEventSnapshot = { [K in keyof CaseEvent]: CaseEvent[K] } & { staffIds: string[] };

export interface CaseEventChange {
  kind: 'created' | 'updated' | 'cancelled';
  before: CaseEventSnapshot | null;
  after: CaseEventSnapshot;
}

export type CaseEventListener = (em: EntityManager, change: CaseEventChange) => Promise<void>;

/**
 * Lets other modules (Messaging) write their rows in the same transaction as the event change,
 * without CaseEventsModule importing them. A listener that throws rolls the change back.
 * Listeners write through the `em` they are given, never Transactions.run (on SQLite that waits for this very transaction).
 */
@Injectable()
export class CaseEventHooks {
  private readonly listeners: CaseEventListener[] = [];

  /** Adds a listener; the returned function removes it again. */
  register(listener: CaseEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Runs every listener in turn, inside the caller's transaction. */
  async emit(em: EntityManager, change: CaseEventChange): Promise<void> {
    for (const listener of [...this.listeners]) await listener(em, change);
  }
}

/**
 * Written out field by field rather than spread: a literal keeps V8's fast object shape, which a
 * timeline of hundreds of events feels; the type makes a new column a compile error here.
 */
export function snapshotOf(e: CaseEvent, staffIds: string[]): CaseEventSnapshot {
  return {
    id: e.id,
    firmId: e.firmId,
    caseId: e.caseId,
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    timezone: e.timezone,
    location: e.location,
    description: e.description,
    videoLink: e.videoLink,
    zoomMeetingId: e.zoomMeetingId,
    sharedWithClients: e.sharedWithClients,
    status: e.status,
    cancelledAt: e.cancelledAt,
    sequence: e.sequence,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    staffIds: [...staffIds].sort(),
  };
}
