import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { Transactions } from '../../database/transactions.js';
import { IdentityHooks, type IdentityChange } from '../../identity/identity-hooks.js';
import { ZoomConnectionService } from './zoom-connection.service.js';
import { ZoomCredential } from './zoom-credential.entity.js';
import { ZoomOAuthState } from './zoom-oauth-state.entity.js';
import { ZoomTokenService } from './zoom-token.service.js';

/** A retired credential older than this was left behind by a request that died before revoking it. */
const LEFT_BEHIND_MS = 10 * 60_000;

/**
 * Zoom's part of offboarding. In the offboarding transaction the member's credential is retired:
 * status `revoking` (ZoomTokenService, the keep-alive job and the meeting endpoints take only
 * `connected`), its stored access token and any refresh lease dropped, their pending Connect flows
 * deleted, and this process's cached access token forgotten. The sealed refresh token stays, because
 * revoking the grant at Zoom needs it. After the commit, revokeAndDelete revokes and deletes the
 * credential exactly as Disconnect does (deleted even when Zoom cannot be reached); a retired
 * credential whose request died before that is finished hourly.
 */
@Injectable()
export class ZoomOffboarding implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ZoomOffboarding.name);
  private unregister: (() => void) | null = null;

  constructor(
    @InjectRepository(ZoomCredential) private readonly credentials: Repository<ZoomCredential>,
    private readonly identityHooks: IdentityHooks,
    private readonly connections: ZoomConnectionService,
    private readonly tokens: ZoomTokenService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unregister = this.identityHooks.register((change) => this.onIdentityChange(change));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** Runs in the offboarding transaction (Transactions.run joins it). */
  async onIdentityChange(change: IdentityChange): Promise<void> {
    if (change.kind !== 'staff_removed') return;
    await this.transactions.run((em) => this.retire(em, change.userId));
    this.tokens.forget(change.userId);
  }

  private async retire(em: EntityManager, userId: string): Promise<void> {
    await em.update(
      ZoomCredential,
      { userId },
      {
        status: 'revoking',
        accessTokenSealed: null,
        accessTokenExpiresAt: null,
        refreshLeaseId: null,
        refreshLeaseUntil: null,
        updatedAt: this.clock.now(),
      },
    );
    await em.delete(ZoomOAuthState, { userId });
  }

  /** After the offboarding commit: the grant revoked at Zoom, the credential deleted; answers whether Zoom confirmed. */
  async revokeAndDelete(userId: string): Promise<boolean> {
    return (await this.connections.disconnect(userId)).revoked;
  }

  /** Finishes retired credentials whose offboarding request died between its commit and the revoke. */
  @Interval(3_600_000)
  async finishLeftBehind(): Promise<number> {
    try {
      const cutoff = new Date(this.clock.now().getTime() - LEFT_BEHIND_MS);
      const left = await this.credentials.find({
        select: { userId: true },
        where: { status: 'revoking', updatedAt: LessThan(cutoff) },
        take: 100,
      });
      for (const { userId } of left) await this.revokeAndDelete(userId);
      return left.length;
    } catch (error) {
      this.logger.warn(
        `Finishing left-behind Zoom revocations failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 0;
    }
  }
}
