import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IdColumn } from '../../database/columns.js';

/** `revoking`: the member was offboarded; unusable, kept only until the grant is revoked at Zoom (ZoomOffboarding). */
export type ZoomConnectionStatus = 'connected' | 'reconnect_needed' | 'revoking';

/**
 * One staff member's Zoom connection. The refresh token is sealed (AES-256-GCM, key id inside), and
 * so is the latest access token, so that every app instance uses the one refresh's result instead
 * of refreshing again. A reconnect_needed row keeps the email and drops the dead tokens.
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
  @Column({ type: 'text', nullable: true }) accessTokenSealed!: string | null;
  @DateTimeColumn({ nullable: true }) accessTokenExpiresAt!: Date | null;
  /** Whoever refreshes holds this lease (no transaction while Zoom answers); it ends by itself if they die. */
  @Column({ type: 'varchar', length: 36, nullable: true }) refreshLeaseId!: string | null;
  @DateTimeColumn({ nullable: true }) refreshLeaseUntil!: Date | null;
  @DateTimeColumn() connectedAt!: Date;
  @DateTimeColumn() lastRefreshedAt!: Date;
  @DateTimeColumn() updatedAt!: Date;
}
