import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

/** A pending authorization: single-use, ten minutes, bound to the staff member who asked and to their browser. */
@Entity('zoom_oauth_states')
export class ZoomOAuthState {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) stateHash!: string;
  @IdColumn() userId!: string;
  /** The hash of the Connect cookie's value: only the browser that started the flow can finish it. */
  @Column({ type: 'varchar', length: 64 }) browserBindingHash!: string;
  /** The PKCE verifier, sealed. */
  @Column({ type: 'text' }) codeVerifierSealed!: string;
  @DateTimeColumn() createdAt!: Date;
  @Index() @DateTimeColumn() expiresAt!: Date;
}
