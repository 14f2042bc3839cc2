import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import type { CaseEvent } from './case-event.entity.js';

/** An event's columns, as plain data: what other modules read of an event (they never import its entity). */
export type CaseEventRecord = { [K in keyof CaseEvent]: CaseEvent[K] };

/** An event as it was or is at one moment: its columns plus the staff on it. */
export type CaseEventSnapshot = CaseEventRecord & { staffIds: string[] };

export interface CaseEventChange {
  kind: 'created' | 'updated' | 'cancelled';
  before: CaseEventSnapshot | null;
  after: CaseEventSnapshot;
}

export type CaseEventListener = (change: CaseEventChange) => Promise<void>;

/**
 * Lets other modules (Reminders) write their rows in the same transaction as the event change,
 * without CaseEventsModule importing them. emit runs inside that transaction, and it is ambient
 * (Transactions): a listener writes its own tables through Transactions.run or `manager`, which join
 * it, and reads other modules through their services, which join it too. A listener that throws
 * rolls the change back.
 */
@Injectable()
export class CaseEventHooks {
  private readonly listeners: CaseEventListener[] = [];

  constructor(private readonly transactions: Transactions) {}

  /** Adds a listener; the returned function removes it again. */
  register(listener: CaseEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Runs every listener in turn, inside the caller's transaction. */
  async emit(change: CaseEventChange): Promise<void> {
    if (!this.transactions.inTransaction)
      throw new Error('CaseEventHooks.emit must run inside the transaction that makes the change');
    for (const listener of [...this.listeners]) await listener(change);
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
