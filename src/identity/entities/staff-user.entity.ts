import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

export const PERMISSIONS = ['team_settings'] as const;
export type Permission = (typeof PERMISSIONS)[number];

@Entity('staff_users')
export class StaffUser {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index() @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /** Stored lower-cased: one address, one account. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 254 }) email!: string;
  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;
  @Column({ type: 'simple-json' }) permissions!: Permission[];
  @DateTimeColumn() createdAt!: Date;
}
