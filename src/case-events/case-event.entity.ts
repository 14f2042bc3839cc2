import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../database/columns.js';

export const CASE_EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
export type CaseEventStatus = (typeof CASE_EVENT_STATUSES)[number];

/** Something on a case's calendar: a hearing, a meeting, a call. Cancelled events are kept. */
@Entity('case_events')
@Index(['caseId', 'startsAt'])
// The timeline's version (count and sum of sequences) without reading the rows.
@Index(['caseId', 'firmId', 'sequence'])
// Covers the calendar feeds' version query (count, last change, sequences) without reading the rows.
@Index(['firmId', 'startsAt', 'createdBy', 'status', 'cancelledAt', 'updatedAt', 'sequence'])
// The firm's calendar (GET /events) in keyset order, and its mine=true half the caller created.
@Index(['firmId', 'startsAt', 'id'])
@Index(['firmId', 'createdBy', 'startsAt', 'id'])
export class CaseEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() firmId!: string;
  @IdColumn() caseId!: string;
  @Column({ type: 'varchar', length: 500 }) title!: string;
  @DateTimeColumn() startsAt!: Date;
  @DateTimeColumn({ nullable: true }) endsAt!: Date | null;
  /** IANA name the event was planned in; times are stored in UTC. */
  @Column({ type: 'varchar', length: 64 }) timezone!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) location!: string | null;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 2048, nullable: true }) videoLink!: string | null;
  /** The Zoom meeting behind videoLink, when there is one. */
  @Column({ type: 'varchar', length: 32, nullable: true }) zoomMeetingId!: string | null;
  @Column({ type: 'boolean', default: false }) sharedWithClients!: boolean;
  @Column({ type: 'varchar', length: 16 }) status!: CaseEventStatus;
  @DateTimeColumn({ nullable: true }) cancelledAt!: Date | null;
  /** Grows with every change; calendar feeds publish it as SEQUENCE. */
  @Column({ type: 'int' }) sequence!: number;
  @IdColumn() createdBy!: string;
  @DateTimeColumn() createdAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}

/** A staff member on an event. */
@Entity('case_event_staff')
export class CaseEventStaff {
  @PrimaryColumn({ type: 'varchar', length: 36 }) eventId!: string;
  @Index() @PrimaryColumn({ type: 'varchar', length: 36 }) userId!: string;
}
