import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

/** Short enough for searchText to fit in a MySQL index key beside the firm, the time and the id (migration 1765600000000). */
export const CASE_SEARCH_TEXT_LENGTH = 600;

@Entity('cases')
/** GET /cases: the firm's cases by creation time, filtered by searchText on the index entries as the scan goes. */
@Index(['firmId', 'createdAt', 'id', 'searchText'])
export class LegalCase {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index() @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 500 }) title!: string;
  /** The title, folded for search (common/text/search-text.ts); rewritten with the title. */
  @Column({ type: 'varchar', length: CASE_SEARCH_TEXT_LENGTH, default: '' }) searchText!: string;
  @IdColumn() createdBy!: string;
  @DateTimeColumn() createdAt!: Date;
}

/** A client on a case. */
@Entity('case_clients')
export class CaseClient {
  @PrimaryColumn({ type: 'varchar', length: 36 }) caseId!: string;
  @Index() @PrimaryColumn({ type: 'varchar', length: 36 }) clientId!: string;
}

/** A staff member on a case. */
@Entity('case_staff')
export class CaseStaff {
  @PrimaryColumn({ type: 'varchar', length: 36 }) caseId!: string;
  @Index() @PrimaryColumn({ type: 'varchar', length: 36 }) userId!: string;
}
