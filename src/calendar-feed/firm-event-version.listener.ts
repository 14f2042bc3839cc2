import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CaseEventHooks } from '../case-events/case-event-hooks.js';
import { Transactions } from '../database/transactions.js';

/** One statement on either database: the firm's row is made on its first change, raised on every later one. */
const RAISE = {
  sqlite:
    'INSERT INTO firm_event_versions (firmId, version) VALUES (?, 1) ON CONFLICT (firmId) DO UPDATE SET version = version + 1',
  mysql:
    'INSERT INTO firm_event_versions (firmId, version) VALUES (?, 1) ON DUPLICATE KEY UPDATE version = version + 1',
};

/**
 * Raises the firm's event version (FirmEventVersion) inside the transaction of every event change.
 * Every write to an event goes through CaseEventsService, which emits these hooks in that same
 * transaction (reminders rely on it too), so a committed change and its raised version become
 * visible together. A change to events made any other way (by hand, by a migration) is seen by
 * feeds once their cached versions expire (CalendarFeedPublisher, five minutes at most).
 */
@Injectable()
export class FirmEventVersionListener implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    // Transactions.run joins the transaction of the event change (ambient).
    this.unregister = this.hooks.register((change) =>
      this.transactions.run(async (em) => {
        await em.query(RAISE[this.transactions.kind], [change.after.firmId]);
      }),
    );
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }
}
