import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../database/columns.js';

export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** A reminder text a firm writes once, with merge fields such as `{{ video_link }}`. */
@Entity('message_templates')
@Index(['firmId', 'createdAt'])
export class MessageTemplate {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 8 }) channel!: MessageChannel;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /** Email only; null for SMS. */
  @Column({ type: 'varchar', length: 500, nullable: true }) subject!: string | null;
  @Column({ type: 'text' }) body!: string;
  @IdColumn() createdBy!: string;
  @DateTimeColumn() createdAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}
