import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import { Firm } from './entities/firm.entity.js';
import type { SubscriptionStatus } from './firm-subscription.js';

@Injectable()
export class FirmsService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(Firm) private readonly firms: Repository<Firm>,
  ) {}

  /** The firm by id; the reminder worker reads the firm each delivery belongs to. */
  async get(id: string): Promise<Firm> {
    const firm = await this.firms.findOneBy({ id });
    if (!firm) throw notFound('That firm');
    return firm;
  }

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
