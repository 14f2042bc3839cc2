import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

@Entity('cases')
export class LegalCase {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index() @IdColumn() firmId!: string;
  @Column({ type: 'varchar', length: 500 }) title!: string;
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
