import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

export const PERMISSIONS = ['team_settings'] as const;
export type Permission = (typeof PERMISSIONS)[number];

@Entity('staff_users')
/** GET /users pages a firm's current (or former) members by creation time. */
@Index(['firmId', 'removedAt', 'createdAt'])
export class StaffUser {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index() @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /**
   * Stored lower-cased: one address, one account. Null once the member is removed (the address moves
   * to `formerEmail`), so the unique index frees it for a new account while the record stays.
   */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
  /** The address a former member signed in with; kept so the team page can still name them. */
  @Column({ type: 'varchar', length: 254, nullable: true }) formerEmail!: string | null;
  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;
  @Column({ type: 'simple-json' }) permissions!: Permission[];
  @DateTimeColumn() createdAt!: Date;
  /** When the member was offboarded (DELETE /users/:id); null for a current member. */
  @DateTimeColumn({ nullable: true }) removedAt!: Date | null;
}
