import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../database/columns.js';

/** "Send this template offsetMinutes before each shared event, to each client on the case." Removing one deletes it. */
@Entity('reminder_rules')
@Index(['firmId', 'createdAt'])
export class ReminderRule {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() firmId!: string;
  @IdColumn() templateId!: string;
  @Column({ type: 'int' }) offsetMinutes!: number;
  @IdColumn() createdBy!: string;
  @DateTimeColumn() createdAt!: Date;
}
