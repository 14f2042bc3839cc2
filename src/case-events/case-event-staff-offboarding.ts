import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { IdentityHooks, type IdentityChange } from '../identity/identity-hooks.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import { CaseEventsService } from './case-events.service.js';

/**
 * CaseEvents' part of offboarding: the removed member leaves the staff of every scheduled event of
 * their firm that has not started, in the offboarding transaction, through CaseEventsService (so each
 * event's `sequence` and `updatedAt` move, feeds show the change and CaseEventHooks fire). Events that
 * have started, cancelled ones, and what they created keep naming them.
 */
@Injectable()
export class CaseEventStaffOffboarding implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly identityHooks: IdentityHooks,
    private readonly events: CaseEventsService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unregister = this.identityHooks.register((change) => this.onIdentityChange(change));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async onIdentityChange(change: IdentityChange): Promise<void> {
    if (change.kind !== 'staff_removed') return;
    const now = this.clock.now();
    const rows: Array<{ eventId: string }> = await this.transactions.manager
      .createQueryBuilder(CaseEventStaff, 's')
      .innerJoin(CaseEvent, 'e', 'e.id = s.eventId')
      .select('s.eventId', 'eventId')
      .where('s.userId = :userId AND e.firmId = :firmId AND e.status = :scheduled AND e.startsAt > :now', {
        userId: change.userId,
        firmId: change.firmId,
        scheduled: 'scheduled',
        now,
      })
      // Locked in one order, so two offboardings touching the same events cannot deadlock each other.
      .orderBy('s.eventId', 'ASC')
      .getRawMany();
    for (const { eventId } of rows) {
      const before = await this.events.getForUpdate(change.firmId, eventId);
      if (before.status !== 'scheduled' || before.startsAt.getTime() <= now.getTime()) continue;
      await this.events.removeStaff(before, change.userId);
    }
  }
}
