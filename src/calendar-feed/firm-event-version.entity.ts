import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many times a firm's events have changed: every create, edit, cancellation and staff change
 * raises it in the transaction that makes the change (FirmEventVersionListener), so it moves exactly
 * when the change becomes visible, to every app process. A feed poll reads it with the feed itself,
 * and reuses the feed's event-set version while it has not moved (CalendarFeedPublisher). No row is
 * version 0.
 */
@Entity('firm_event_versions')
export class FirmEventVersion {
  @PrimaryColumn({ type: 'varchar', length: 36 }) firmId!: string;
  @Column({ type: 'int' }) version!: number;
}
