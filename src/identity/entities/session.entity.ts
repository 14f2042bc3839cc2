import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

export type SessionKind = 'staff' | 'client';

/** A bearer token, stored only as its SHA-256; deleting the row revokes it. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @Column({ type: 'varchar', length: 8 }) kind!: SessionKind;
  @Index() @IdColumn() subjectId!: string;
  @IdColumn() firmId!: string;
  @DateTimeColumn() createdAt!: Date;
  @Index() @DateTimeColumn() expiresAt!: Date;
}
