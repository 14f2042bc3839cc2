import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import { IdentityHooks } from '../identity/identity-hooks.js';
import { CalendarFeed } from './calendar-feed.entity.js';

/** A client whose portal access ends (portalPassword: null) loses their portal feed URL in the same transaction. */
@Injectable()
export class ClientFeedAccessListener implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly hooks: IdentityHooks,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.unregister = this.hooks.register(async (change) => {
      if (change.kind !== 'client_portal_access_ended') return;
      // Transactions.run joins the transaction that ends the access.
      await this.transactions.run((em) =>
        em.delete(CalendarFeed, { clientId: change.clientId, firmId: change.firmId, scope: 'client' }),
      );
    });
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }
}
