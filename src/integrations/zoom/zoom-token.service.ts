import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RowLocks } from '../../database/row-locks.js';
import { Transactions } from '../../database/transactions.js';
import { ZoomConnectionEvents } from './zoom-connection.events.js';
import { refreshTokenAad } from './zoom-credential.seal.js';
import { ZoomCredential } from './zoom-credential.entity.js';
import { ZoomAccessTokenRejectedError, ZoomGrantRejectedError, zoomUnavailable } from './zoom-http.js';
import { ZoomOAuthClient, type ZoomTokens } from './zoom-oauth.client.js';
import { ZoomErrorCode, ZoomMessages } from './zoom.errors.js';

/** Refresh this long before Zoom's expiry, so a token never dies mid-request. */
const EARLY_REFRESH_MS = 5 * 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens for each staff member's Zoom connection. They live only in this process's memory;
 * a refresh happens under a lock on the credential row, re-reads the stored refresh token inside
 * the lock, and saves the rotated one before the lock is released.
 */
@Injectable()
export class ZoomTokenService {
  private readonly logger = new Logger(ZoomTokenService.name);
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly transactions: Transactions,
    private readonly rowLocks: RowLocks,
    private readonly secretBox: SecretBox,
    private readonly oauth: ZoomOAuthClient,
    private readonly clock: Clock,
    private readonly events: ZoomConnectionEvents,
  ) {}

  /** A valid access token for the user's connection, refreshing when needed. */
  async accessToken(userId: string): Promise<string> {
    const cached = this.cache.get(userId);
    if (cached && cached.expiresAt - EARLY_REFRESH_MS > this.clock.now().getTime()) return cached.token;
    return this.refreshOnce(userId, cached?.token);
  }

  /** Runs a Zoom call with the user's token; when Zoom refuses the token (124), refreshes once and retries once. */
  async withAccessToken<T>(userId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken(userId);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof ZoomAccessTokenRejectedError)) throw error;
      const fresh = await this.refreshOnce(userId, token);
      try {
        return await call(fresh);
      } catch (retryError) {
        // A token Zoom just issued and then refused is Zoom's hiccup, not a dead grant.
        if (retryError instanceof ZoomAccessTokenRejectedError) throw zoomUnavailable();
        throw retryError;
      }
    }
  }

  /** Remembers the access token a code exchange produced. */
  remember(userId: string, tokens: ZoomTokens): void {
    this.cache.set(userId, { token: tokens.accessToken, expiresAt: this.clock.now().getTime() + tokens.expiresInSeconds * 1000 });
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  /** Refreshes a credential regardless of any cached token (the keep-alive job). */
  refreshNow(userId: string): Promise<string> {
    return this.refreshOnce(userId, this.cache.get(userId)?.token);
  }

  /** One refresh per user at a time in this process; concurrent callers share its result. */
  private refreshOnce(userId: string, staleToken: string | undefined): Promise<string> {
    const running = this.inFlight.get(userId);
    if (running) return running;
    const cached = this.cache.get(userId);
    // Someone else already replaced the token the caller found stale.
    if (staleToken && cached && cached.token !== staleToken && cached.expiresAt - EARLY_REFRESH_MS > this.clock.now().getTime()) {
      return Promise.resolve(cached.token);
    }
    const refresh = this.refresh(userId).finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, refresh);
    return refresh;
  }

  private async refresh(userId: string): Promise<string> {
    this.cache.delete(userId);
    // Set once Zoom has rotated the refresh token: from then on the stored one is dead at Zoom.
    let rotated: RotatedToken | null = null;
    const outcome = await this.transactions.run(
      async (em) => {
        const credential = await this.rowLocks.forUpdate(em, ZoomCredential, { userId });
        if (!credential) return { kind: 'not_connected' as const };
        if (credential.status !== 'connected' || !credential.refreshTokenSealed) return { kind: 'reconnect_needed' as const, transitioned: false };
        const refreshToken = this.secretBox.open(credential.refreshTokenSealed, refreshTokenAad(userId));
        let tokens: ZoomTokens;
        try {
          tokens = await this.oauth.refresh(refreshToken);
        } catch (error) {
          if (!(error instanceof ZoomGrantRejectedError)) throw error;
          // Re-read inside the lock and still refused: the grant is dead. Keep the email, drop the token.
          Object.assign(credential, { status: 'reconnect_needed', refreshTokenSealed: null, keyId: null, updatedAt: this.clock.now() });
          await em.save(ZoomCredential, credential);
          await this.events.reconnectNeeded(em, credential);
          return { kind: 'reconnect_needed' as const, transitioned: true };
        }
        const sealed = this.secretBox.seal(tokens.refreshToken, refreshTokenAad(userId));
        rotated = { tokens, previousSealed: credential.refreshTokenSealed, sealed: sealed.sealed, keyId: sealed.keyId };
        const now = this.clock.now();
        Object.assign(credential, { refreshTokenSealed: sealed.sealed, keyId: sealed.keyId, lastRefreshedAt: now, updatedAt: now });
        await em.save(ZoomCredential, credential);
        return { kind: 'refreshed' as const, tokens };
      },
      // Never repeat a refresh: Zoom has already rotated the token it used.
      { retry: false },
    ).catch(async (error: unknown) => {
      // The transaction died after Zoom rotated the token (the database went away, say). Losing the
      // new refresh token would force a reconnect, so it is saved on its own, outlasting an outage.
      if (!rotated) throw error;
      await this.saveRotated(userId, rotated);
      return { kind: 'refreshed' as const, tokens: rotated.tokens };
    });
    if (outcome.kind === 'not_connected') throw new DomainError(ZoomErrorCode.NOT_CONNECTED, ZoomMessages.notConnected);
    if (outcome.kind === 'reconnect_needed') {
      if (outcome.transitioned) this.logger.warn(`Zoom refused the stored refresh token of user ${userId}: reconnect needed`);
      throw new DomainError(ZoomErrorCode.RECONNECT_NEEDED, ZoomMessages.reconnectNeeded);
    }
    this.remember(userId, outcome.tokens);
    return outcome.tokens.accessToken;
  }

  /** Stores a rotated refresh token outside the refresh's lock, only over the token it replaced. */
  private async saveRotated(userId: string, rotated: RotatedToken): Promise<void> {
    const saved = await this.transactions.runOutlastingOutage(async (em) => {
      const now = this.clock.now();
      const result = await em.createQueryBuilder().update(ZoomCredential)
        .set({ refreshTokenSealed: rotated.sealed, keyId: rotated.keyId, lastRefreshedAt: now, updatedAt: now })
        .where('userId = :userId AND status = :connected AND (refreshTokenSealed = :previous OR refreshTokenSealed = :sealed)', {
          userId, connected: 'connected', previous: rotated.previousSealed, sealed: rotated.sealed,
        })
        .execute();
      return (result.affected ?? 0) > 0;
    });
    if (!saved) this.logger.warn(`The rotated Zoom refresh token of user ${userId} was not saved: the connection changed meanwhile`);
  }
}

interface RotatedToken {
  tokens: ZoomTokens;
  previousSealed: string | null;
  sealed: string;
  keyId: string;
}
