import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import { Firm, type SubscriptionStatus } from './entities/firm.entity.js';

@Injectable()
export class FirmsService {
  constructor(private readonly transactions: Transactions) {}

  /** Billing's operator command; no API sets this. */
  setSubscriptionStatus(firmId: string, status: SubscriptionStatus): Promise<Firm> {
    return this.transactions.run(async (em) => {
      const firm = await em.findOneBy(Firm, { id: firmId });
      if (!firm) throw notFound('That firm');
      firm.subscriptionStatus = status;
      await em.save(Firm, firm);
      return firm;
    });
  }
}
