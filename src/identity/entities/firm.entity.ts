import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../database/columns.js';
import type { SubscriptionStatus } from '../firm-subscription.js';

@Entity('firms')
export class Firm {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) timezone!: string;
  @Column({ type: 'varchar', length: 16 }) subscriptionStatus!: SubscriptionStatus;
  @DateTimeColumn() createdAt!: Date;
}
