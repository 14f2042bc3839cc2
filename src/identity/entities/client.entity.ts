import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

/** Short enough for searchText to fit in a MySQL index key beside the firm, the time and the id (migration 1765600000000). */
export const CLIENT_SEARCH_TEXT_LENGTH = 600;

@Entity('clients')
@Index(['firmId', 'email'])
@Index(['portalLoginEmail', 'firmId'], { unique: true })
/** GET /clients: the firm's clients by creation time, filtered by searchText on the index entries as the scan goes. */
@Index(['firmId', 'createdAt', 'id', 'searchText'])
export class Client {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 100 }) firstName!: string;
  @Column({ type: 'varchar', length: 100 }) lastName!: string;
  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
  /** E.164. */
  @Column({ type: 'varchar', length: 16, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) timezone!: string | null;
  @Column({ type: 'boolean', default: false }) smsOptIn!: boolean;
  @Column({ type: 'varchar', length: 255, nullable: true }) portalPasswordHash!: string | null;
  /** The email while the client has portal access, else null: unique within the firm, read by portal sign-in. */
  @Column({ type: 'varchar', length: 254, nullable: true }) portalLoginEmail!: string | null;
  /** "first last email", folded for search (common/text/search-text.ts); rewritten on every write. */
  @Column({ type: 'varchar', length: CLIENT_SEARCH_TEXT_LENGTH, default: '' }) searchText!: string;
  @DateTimeColumn() createdAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}
