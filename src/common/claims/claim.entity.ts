import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../database/columns.js';

/**
 * "This work is being done, or was done, once": written before a call to an outside service that
 * must not happen twice (an idempotency key, a meeting for an event), unique per scope and key.
 */
@Entity('claims')
@Index(['scope', 'claimKey'], { unique: true })
export class Claim {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 100 }) scope!: string;
  @Column({ type: 'varchar', length: 255 }) claimKey!: string;
  /** A hash of the request, so the same key with another body is recognised. */
  @Column({ type: 'varchar', length: 64 }) fingerprint!: string;
  @Column({ type: 'varchar', length: 16 }) status!: 'in_progress' | 'done';
  @Column({ type: 'text', nullable: true }) result!: string | null;
  /** An in-progress claim older than this was abandoned (its process died) and may be taken over. */
  @DateTimeColumn() leaseUntil!: Date;
  @Index() @DateTimeColumn() expiresAt!: Date;
}
