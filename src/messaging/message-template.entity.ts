import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../database/columns.js';
import type { MessageChannel, MessageTemplateRecord } from './records.js';

export { MESSAGE_CHANNELS, type MessageChannel } from './records.js';

/** A reminder text a firm writes once, with merge fields such as `{{ video_link }}`. */
@Entity('message_templates')
@Index(['firmId', 'createdAt'])
export class MessageTemplate implements MessageTemplateRecord {
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
