import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../database/columns.js';

export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

@Entity('firms')
export class Firm {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) timezone!: string;
  @Column({ type: 'varchar', length: 16 }) subscriptionStatus!: SubscriptionStatus;
  @DateTimeColumn() createdAt!: Date;
}

export function hasActiveSubscription(firm: Pick<Firm, 'subscriptionStatus'>): boolean {
  return firm.subscriptionStatus === 'trialing' || firm.subscriptionStatus === 'active';
}
