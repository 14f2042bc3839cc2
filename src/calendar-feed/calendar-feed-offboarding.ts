import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import { IdentityHooks, type IdentityChange } from '../identity/identity-hooks.js';
import { CalendarFeed } from './calendar-feed.entity.js';

/**
 * CalendarFeed's part of offboarding: every feed URL of the removed member (their own events and the
 * case feeds they subscribed to) is deleted in the offboarding transaction, so it answers 404 at once.
 */
@Injectable()
export class CalendarFeedOffboarding implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly identityHooks: IdentityHooks,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.unregister = this.identityHooks.register((change) => this.onIdentityChange(change));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** Runs in the offboarding transaction (Transactions.run joins it). */
  async onIdentityChange(change: IdentityChange): Promise<void> {
    if (change.kind !== 'staff_removed') return;
    await this.transactions.run((em) => em.delete(CalendarFeed, { ownerUserId: change.userId, firmId: change.firmId }));
  }
}
