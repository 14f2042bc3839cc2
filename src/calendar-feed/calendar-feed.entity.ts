import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../database/columns.js';

export const STAFF_FEED_SCOPES = ['me', 'case'] as const;
export type StaffFeedScope = (typeof STAFF_FEED_SCOPES)[number];
export type CalendarFeedScope = StaffFeedScope | 'client';

/**
 * A subscribable .ics URL. The token in the URL is stored only as its SHA-256, so the URL is shown once;
 * a rotation replaces the hash, a deletion removes the row, and either kills the old URL at once.
 */
@Entity('calendar_feeds')
@Index(['ownerUserId', 'createdAt'])
export class CalendarFeed {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 8 }) scope!: CalendarFeedScope;
  /** The staff member whose feed it is (scopes me and case). */
  @IdColumn({ nullable: true }) ownerUserId!: string | null;
  @IdColumn({ nullable: true }) caseId!: string | null;
  /** The client whose portal feed it is; unique, since a client has one feed at a time. */
  @Index({ unique: true }) @IdColumn({ nullable: true }) clientId!: string | null;
  /** X-WR-CALNAME: the firm and what the feed holds, fixed when the URL is issued. */
  @Column({ type: 'varchar', length: 800 }) name!: string;
  /** Bumped whenever the URL is replaced; part of the feed's ETag. */
  @Column({ type: 'int' }) version!: number;
  @DateTimeColumn() createdAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}
