import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../database/columns.js';
import type { MessageChannel } from '../messaging/records.js';

export const DELIVERY_STATUSES = ['scheduled', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A client reminder, or a notice to a staff member (its text is fixed, its address in `recipient`). */
export type DeliveryKind = 'reminder' | 'zoom_reconnect_needed';

/**
 * The outbox: one row per message that should go out, written in the same transaction as the change
 * that causes it. `dedupeKey` is unique, so the same message can never be planned twice; the worker
 * claims due rows with a lease (`leaseOwner`, `leaseUntil`) and renders the text when it sends.
 */
@Entity('deliveries')
@Index(['status', 'dueAt'])
@Index(['eventId', 'dueAt'])
@Index(['ruleId', 'status'])
export class Delivery {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: DeliveryKind;
  /** Null for a staff notice. */
  @IdColumn({ nullable: true }) eventId!: string | null;
  @IdColumn({ nullable: true }) clientId!: string | null;
  @IdColumn({ nullable: true }) ruleId!: string | null;
  @Column({ type: 'varchar', length: 8 }) channel!: MessageChannel;
  /** A staff notice's address; a reminder reads the client's current contact when it is sent. */
  @Column({ type: 'varchar', length: 254, nullable: true }) recipient!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: DeliveryStatus;
  @DateTimeColumn() dueAt!: Date;
  @DateTimeColumn({ nullable: true }) sentAt!: Date | null;
  @Column({ type: 'int' }) attempts!: number;
  /** Why it failed, was skipped or cancelled; never a message body or a secret. */
  @Column({ type: 'varchar', length: 1000, nullable: true }) lastError!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) providerId!: string | null;
  /** The claim that holds the row (worker and batch); it stays on a sent row, naming who sent it. */
  @Column({ type: 'varchar', length: 64, nullable: true }) leaseOwner!: string | null;
  @DateTimeColumn({ nullable: true }) leaseUntil!: Date | null;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 200 }) dedupeKey!: string;
  @DateTimeColumn() createdAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}
