import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

export type ZoomConnectionStatus = 'connected' | 'reconnect_needed';

/**
 * One staff member's Zoom connection. The refresh token is sealed (AES-256-GCM, key id inside);
 * access tokens are never stored. A reconnect_needed row keeps the email and drops the dead token.
 */
@Entity('zoom_credentials')
export class ZoomCredential {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index({ unique: true }) @IdColumn() userId!: string;
  @IdColumn() firmId!: string;
  @Index() @Column({ type: 'varchar', length: 64 }) zoomUserId!: string;
  @Column({ type: 'varchar', length: 254 }) accountEmail!: string;
  @Column({ type: 'text', nullable: true }) refreshTokenSealed!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) keyId!: string | null;
  @Column({ type: 'varchar', length: 20 }) status!: ZoomConnectionStatus;
  @DateTimeColumn() connectedAt!: Date;
  @DateTimeColumn() lastRefreshedAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}
