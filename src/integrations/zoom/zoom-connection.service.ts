import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { hashToken, newOpaqueToken } from '../../common/crypto/opaque-token.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { CommonErrorCode, DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { RowLocks } from '../../database/row-locks.js';
import { Transactions } from '../../database/transactions.js';
import type { StaffContext } from '../../identity/auth/request-context.js';
import { hasActiveSubscription } from '../../identity/firm-subscription.js';
import { TeamMembersService } from '../../identity/team-members.service.js';
import { accessTokenAad, refreshTokenAad } from './zoom-credential.seal.js';
import { ZoomCredential, type ZoomConnectionStatus } from './zoom-credential.entity.js';
import { ZoomOAuthClient } from './zoom-oauth.client.js';
import type { ZoomCallbackAttempt } from './zoom-callback.guard.js';
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

/** A Connect flow: where the browser goes, and the value of the cookie that binds the flow to it. */
export interface StartedAuthorization {
  authorizeUrl: string;
  browserBinding: string;
}

/** Where the callback sends the browser, and whether it spent the browser's flow (then its cookie goes). */
export interface CompletedAuthorization {
  location: string;
  flowConsumed: boolean;
}

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
    private readonly team: TeamMembersService,
    private readonly clock: Clock,
  ) {}

  get available(): boolean {
    return this.config.zoom !== null;
  }

  async card(staff: StaffContext): Promise<ZoomCard> {
    const stored = await this.credentials.findOneBy({ userId: staff.user.id });
    // A connection being revoked (offboarding) is as good as gone.
    const credential = stored?.status === 'revoking' ? null : stored;
    return {
      provider: 'zoom',
      available: this.available,
      status: credential?.status ?? 'not_connected',
      accountEmail: credential?.accountEmail ?? null,
      connectedAt: credential?.connectedAt.toISOString() ?? null,
      canConnect:
        this.available && staff.user.permissions.includes('team_settings') && hasActiveSubscription(staff.firm),
    };
  }

  /**
   * The Zoom consent URL for this staff member, with a fresh single-use state and PKCE challenge,
   * and the random value of the cookie that binds the flow to this browser (only its hash is kept).
   */
  async authorize(staff: StaffContext): Promise<StartedAuthorization> {
    if (!this.available) throw new DomainError(ZoomErrorCode.NOT_CONFIGURED, ZoomMessages.notConfigured);
    if (!staff.user.permissions.includes('team_settings')) {
      throw new DomainError(
        CommonErrorCode.TEAM_SETTINGS_REQUIRED,
        'You need the team settings permission to connect Zoom.',
      );
    }
    if (!hasActiveSubscription(staff.firm))
      throw new DomainError(
        CommonErrorCode.SUBSCRIPTION_INACTIVE,
        'Your firm needs an active subscription to connect Zoom.',
      );
    const browserBinding = newOpaqueToken();
    const state: AuthorizationRequestState = { userId: staff.user.id, browserBindingHash: hashToken(browserBinding) };
    return { authorizeUrl: await this.strategy.authorizeUrl(state), browserBinding };
  }

  /**
   * Finishes the browser's return from Zoom; answers where to send the browser next. The browser
   * always lands back on the integrations page: a failure of ours (the database away too long) is
   * `exchange_failed` there, never an error body in place of the page. `attempt` is what the Zoom
   * strategy made of it (ZoomCallbackGuard), with the Connect cookie the browser sent: a browser
   * without that flow's cookie is `invalid_state`, with no code exchange, nothing stored, and the
   * state left for the browser that started the flow.
   */
  async completeAuthorization(
    query: Record<string, unknown>,
    attempt: ZoomCallbackAttempt,
  ): Promise<CompletedAuthorization> {
    const page = `${this.config.appUrl}/account/settings/firm/integrations`;
    const fail = (reason: CallbackReason) => `${page}?zoom=error&reason=${reason}`;
    try {
      return {
        location: await this.finishAuthorization(query, attempt, page, fail),
        flowConsumed: attempt.browser.consumed,
      };
    } catch (error) {
      this.logger.warn(`Zoom authorization could not be completed: ${describe(error)}`);
      return { location: fail('exchange_failed'), flowConsumed: attempt.browser.consumed };
    }
  }

  private async finishAuthorization(
    query: Record<string, unknown>,
    { browser, outcome }: ZoomCallbackAttempt,
    page: string,
    fail: (reason: CallbackReason) => string,
  ): Promise<string> {
    if (!this.available) return fail('exchange_failed');
    if (typeof query.error === 'string') {
      // Whatever Zoom said, the state is spent, but only by the browser whose flow it is.
      const consumed = await this.stateStore.consume(query.state, browser);
      if ('failure' in consumed) return fail('invalid_state');
      return fail(query.error === 'access_denied' ? 'access_denied' : 'exchange_failed');
    }
    // No outcome: the strategy ran only for Zoom's code with its state (ZoomCallbackGuard).
    if (!outcome || outcome.kind === 'refused') return fail('invalid_state');
    if (outcome.kind === 'failed') {
      this.logger.warn(`Zoom authorization could not be completed: ${describe(outcome.error)}`);
      return fail('exchange_failed');
    }
    const { grant, userId } = outcome;
    if (!(await this.store(userId, grant))) {
      // The member was offboarded while at Zoom: the grant Zoom just issued is revoked, not left behind.
      await this.oauth.revoke(grant.refreshToken);
      return fail('invalid_state');
    }
    return `${page}?zoom=connected`;
  }

  /**
   * Revokes the grant at Zoom first (with a bounded wait, holding no transaction), then deletes the
   * stored connection, also when Zoom cannot be reached or the stored token no longer opens.
   */
  async disconnect(userId: string): Promise<{ status: 'not_connected'; revoked: boolean }> {
    const credential = await this.credentials.findOneBy({ userId });
    if (!credential) {
      this.tokens.forget(userId);
      return { status: 'not_connected', revoked: false };
    }
    const revoked = await this.revoke(credential);
    await this.transactions.statement((em) => em.delete(ZoomCredential, { id: credential.id }));
    this.tokens.forget(userId);
    return { status: 'not_connected', revoked };
  }

  private async revoke(credential: ZoomCredential): Promise<boolean> {
    const refreshToken = this.openRefreshToken(credential);
    if (!refreshToken) return false;
    if (await this.oauth.revoke(refreshToken)) return true;
    // A refresh in another request may have rotated the token meanwhile: then revoke the one stored now.
    const current = await this.credentials.findOneBy({ id: credential.id });
    if (!current?.refreshTokenSealed || current.refreshTokenSealed === credential.refreshTokenSealed) return false;
    const rotated = this.openRefreshToken(current);
    return rotated ? this.oauth.revoke(rotated) : false;
  }

  /** The stored refresh token, or null when there is none or it no longer opens (key rotated away, corrupt). */
  private openRefreshToken(credential: ZoomCredential): string | null {
    if (!credential.refreshTokenSealed) return null;
    try {
      return this.secretBox.open(credential.refreshTokenSealed, refreshTokenAad(credential.userId));
    } catch {
      this.logger.warn(
        `The stored Zoom refresh token of user ${credential.userId} cannot be opened with the configured keys: deleted without revoking`,
      );
      return null;
    }
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
   * False when the staff member is gone or was offboarded.
   */
  private async store(userId: string, grant: ZoomGrant): Promise<boolean> {
    const refresh = this.secretBox.seal(grant.refreshToken, refreshTokenAad(userId));
    const access = this.secretBox.seal(grant.accessToken, accessTokenAad(userId));
    const now = this.clock.now();
    // Zoom has issued the grant: a database that went away is waited for a while, not given up on.
    const user = await this.transactions.runOutlastingOutage(async (em) => {
      // Locked, so an offboarding either sees this credential (and retires it) or is seen here.
      const user = await this.team.lockCurrentMember(userId);
      if (!user) return null;
      await this.rowLocks.forUpdate(em, ZoomCredential, { userId: user.id });
      // Replacing the row also ends any refresh lease on the old grant: its holder finds the token changed.
      await em.delete(ZoomCredential, { userId: user.id });
      await em.insert(ZoomCredential, {
        id: randomUUID(),
        userId: user.id,
        firmId: user.firmId,
        zoomUserId: grant.account.zoomUserId,
        accountEmail: grant.account.email,
        refreshTokenSealed: refresh.sealed,
        keyId: refresh.keyId,
        status: 'connected',
        connectedAt: now,
        lastRefreshedAt: now,
        updatedAt: now,
        accessTokenSealed: access.sealed,
        accessTokenExpiresAt: new Date(now.getTime() + grant.expiresInSeconds * 1000),
        refreshLeaseId: null,
        refreshLeaseUntil: null,
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
