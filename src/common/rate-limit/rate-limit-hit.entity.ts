import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../database/columns.js';

/** One attempt against a rate-limited route; shared by every app instance through the database. */
@Entity('rate_limit_hits')
@Index(['bucket', 'hitAt'])
export class RateLimitHit {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) bucket!: string;
  @DateTimeColumn() hitAt!: Date;
}
