import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { RowLocks } from '../../database/row-locks.js';
import { Transactions } from '../../database/transactions.js';
import type { StaffContext } from '../../identity/auth/request-context.js';
import { hasActiveSubscription } from '../../identity/entities/firm.entity.js';
import { StaffUser } from '../../identity/entities/staff-user.entity.js';
import { IdentityErrorCode } from '../../identity/identity.errors.js';
import { runStrategy } from './passport-protocol.js';
import { refreshTokenAad } from './zoom-credential.seal.js';
import { ZoomCredential, type ZoomConnectionStatus } from './zoom-credential.entity.js';
import { ZoomOAuthClient } from './zoom-oauth.client.js';
import type { AuthorizationRequestState } from './zoom-oauth-state.store.js';
import { ZoomOAuthStateStore } from './zoom-oauth-state.store.js';
import { ZoomStrategy, type ZoomGrant } from './zoom.strategy.js';
import { ZoomTokenService } from './zoom-token.service.js';
import { ZoomErrorCode, ZoomMessages } from './zoom.errors.js';

export interface ZoomCard {
  provider: 'zoom';
  available: boolean;
  status: 'not_connected' | ZoomConnectionStatus;
  accountEmail: string | null;
  connectedAt: string | null;
  canConnect: boolean;
}

export type CallbackReason = 'access_denied' | 'invalid_state' | 'exchange_failed';

/** Connecting and disconnecting a staff member's own Zoom account. */
@Injectable()
export class ZoomConnectionService {
  private readonly logger = new Logger(ZoomConnectionService.name);

  constructor(
    @InjectRepository(ZoomCredential) private readonly credentials: Repository<ZoomCredential>,
    private readonly config: AppConfig,
    private readonly strategy: ZoomStrategy,
    private readonly stateStore: ZoomOAuthStateStore,
    private readonly tokens: ZoomTokenService,
    private readonly oauth: ZoomOAuthClient,
    private readonly secretBox: SecretBox,
    private readonly transactions: Transactions,
    private readonly rowLocks: RowLocks,
    private readonly clock: Clock,
  ) {}

  get available(): boolean {
    return this.config.zoom !== null;
  }

  async card(staff: StaffContext): Promise<ZoomCard> {
    const credential = await this.credentials.findOneBy({ userId: staff.user.id });
    return {
      provider: 'zoom',
      available: this.available,
      status: credential?.status ?? 'not_connected',
      accountEmail: credential?.accountEmail ?? null,
      connectedAt: credential?.connectedAt.toISOString() ?? null,
      canConnect: this.available && staff.user.permissions.includes('team_settings') && hasActiveSubscription(staff.firm),
    };
  }

  /** The Zoom consent URL for this staff member, with a fresh single-use state and PKCE challenge. */
  async authorizeUrl(staff: StaffContext): Promise<string> {
    if (!this.available) throw new DomainError(ZoomErrorCode.NOT_CONFIGURED, ZoomMessages.notConfigured);
    if (!staff.user.permissions.includes('team_settings')) {
      throw new DomainError(IdentityErrorCode.TEAM_SETTINGS_REQUIRED, 'You need the team settings permission to connect Zoom.');
    }
    if (!hasActiveSubscription(staff.firm)) throw new DomainError(IdentityErrorCode.SUBSCRIPTION_INACTIVE, 'Your firm needs an active subscription to connect Zoom.');
    const state: AuthorizationRequestState = { userId: staff.user.id };
    const outcome = await runStrategy(this.strategy, { query: {}, body: {} }, { state });
    if (outcome.kind !== 'redirect') throw outcome.kind === 'error' ? outcome.error : new Error('Zoom strategy did not redirect');
    return outcome.url;
  }

  /**
   * Finishes the browser's return from Zoom; answers where to send the browser next. The browser
   * always lands back on the integrations page: a failure of ours (the database away too long) is
   * `exchange_failed` there, never an error body in place of the page.
   */
  async completeAuthorization(query: Record<string, unknown>): Promise<string> {
    const page = `${this.config.appUrl}/account/settings/firm/integrations`;
    const fail = (reason: CallbackReason) => `${page}?zoom=error&reason=${reason}`;
    try {
      return await this.finishAuthorization(query, page, fail);
    } catch (error) {
      this.logger.warn(`Zoom authorization could not be completed: ${describe(error)}`);
      return fail('exchange_failed');
    }
  }

  private async finishAuthorization(query: Record<string, unknown>, page: string, fail: (reason: CallbackReason) => string): Promise<string> {
    if (!this.available) return fail('exchange_failed');
    if (typeof query.error === 'string') {
      // The state is spent whatever Zoom said.
      await this.stateStore.consume(query.state);
      return fail(query.error === 'access_denied' ? 'access_denied' : 'exchange_failed');
    }
    if (typeof query.code !== 'string' || typeof query.state !== 'string') return fail('invalid_state');
    const outcome = await runStrategy(this.strategy, { query: { code: query.code, state: query.state }, body: {} }, {});
    if (outcome.kind === 'fail') return fail('invalid_state');
    if (outcome.kind !== 'success') {
      this.logger.warn(`Zoom authorization could not be completed: ${describe(outcome.kind === 'error' ? outcome.error : undefined)}`);
      return fail('exchange_failed');
    }
    const grant = outcome.user as ZoomGrant;
    const { userId } = outcome.info.state as AuthorizationRequestState;
    if (!(await this.store(userId, grant))) return fail('invalid_state');
    return `${page}?zoom=connected`;
  }

  /** Deletes the stored connection first, then revokes at Zoom with a bounded wait. */
  async disconnect(userId: string): Promise<{ status: 'not_connected'; revoked: boolean }> {
    const removed = await this.transactions.run(async (em) => {
      const credential = await this.rowLocks.forUpdate(em, ZoomCredential, { userId });
      if (!credential) return null;
      await em.delete(ZoomCredential, { id: credential.id });
      return credential;
    });
    this.tokens.forget(userId);
    if (!removed?.refreshTokenSealed) return { status: 'not_connected', revoked: false };
    const refreshToken = this.secretBox.open(removed.refreshTokenSealed, refreshTokenAad(userId));
    return { status: 'not_connected', revoked: await this.oauth.revoke(refreshToken) };
  }

  /** Zoom says the user removed our app: forget every connection to that Zoom user. */
  async deauthorized(zoomUserId: string): Promise<number> {
    const removed = await this.transactions.run(async (em) => {
      const rows = await em.findBy(ZoomCredential, { zoomUserId });
      if (rows.length) await em.delete(ZoomCredential, { zoomUserId });
      return rows;
    });
    for (const row of removed) this.tokens.forget(row.userId);
    return removed.length;
  }

  /**
   * One credential per staff member: a reconnect replaces the old one and clears reconnect_needed.
   * False when the staff member is gone.
   */
  private async store(userId: string, grant: ZoomGrant): Promise<boolean> {
    const sealed = this.secretBox.seal(grant.refreshToken, refreshTokenAad(userId));
    const now = this.clock.now();
    // Zoom has issued the grant: a database that went away is waited for a while, not given up on.
    const user = await this.transactions.runOutlastingOutage(async (em) => {
      const user = await em.findOneBy(StaffUser, { id: userId });
      if (!user) return null;
      await this.rowLocks.forUpdate(em, ZoomCredential, { userId: user.id });
      await em.delete(ZoomCredential, { userId: user.id });
      await em.insert(ZoomCredential, {
        id: randomUUID(), userId: user.id, firmId: user.firmId, zoomUserId: grant.account.zoomUserId, accountEmail: grant.account.email,
        refreshTokenSealed: sealed.sealed, keyId: sealed.keyId, status: 'connected', connectedAt: now, lastRefreshedAt: now, updatedAt: now,
      });
      return user;
    });
    if (!user) return false;
    this.tokens.remember(user.id, grant);
    return true;
  }
}

function describe(error: unknown): string {
  const inner = (error as { oauthError?: unknown })?.oauthError ?? error;
  return inner instanceof DomainError ? inner.code : inner instanceof Error ? inner.name : 'unknown';
}
