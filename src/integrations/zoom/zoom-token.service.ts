import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RowLocks } from '../../database/row-locks.js';
import { Transactions } from '../../database/transactions.js';
import { TeamMembersService } from '../../identity/team-members.service.js';
import { ZoomConnectionEvents } from './zoom-connection.events.js';
import { accessTokenAad, refreshTokenAad } from './zoom-credential.seal.js';
import { ZoomCredential } from './zoom-credential.entity.js';
import { ZOOM_TIMEOUT_MS, ZoomAccessTokenRejectedError, ZoomGrantRejectedError, zoomUnavailable } from './zoom-http.js';
import { ZoomOAuthClient, type ZoomTokens } from './zoom-oauth.client.js';
import { ZoomErrorCode, ZoomMessages } from './zoom.errors.js';

/** Refresh this long before Zoom's expiry, so a token never dies mid-request. */
const EARLY_REFRESH_MS = 5 * 60_000;
/** A refresh's lease: Zoom's timeout plus a margin to store the result; it ends by itself if its holder dies. */
const LEASE_MS = ZOOM_TIMEOUT_MS + 10_000;
/** How long a caller waits for another instance's refresh; the lease has ended by then. */
const WAIT_MS = LEASE_MS + 2_000;
const MAX_POLL_MS = 250;
/** Rounds over a stored token that changed under a refresh (a reconnect, another instance's refresh). */
const MAX_ROUNDS = 3;

interface CachedToken {
  token: string;
  expiresAt: number;
}

interface TokenRequest {
  /** The access token the caller found stale or Zoom refused: never the answer. */
  stale?: string;
  /** Refresh even when the stored access token is good (the keep-alive job). */
  force: boolean;
}

type LeaseOutcome = { kind: 'token'; token: string } | { kind: 'changed' };

/**
 * Access tokens for each staff member's Zoom connection. A refresh is single-flight: in a process
 * through a shared promise, across processes through a lease on the credential row, claimed with
 * one conditional UPDATE. No transaction or connection is held while Zoom answers: the holder
 * stores the rotated refresh token and the new access token (sealed) in one short write, and the
 * others, polling, use that access token instead of refreshing again.
 */
@Injectable()
export class ZoomTokenService {
  private readonly logger = new Logger(ZoomTokenService.name);
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  /** Counts forget() calls: a refresh that began before one must not put its token back in the cache. */
  private forgets = 0;

  constructor(
    @InjectRepository(ZoomCredential) private readonly credentials: Repository<ZoomCredential>,
    private readonly transactions: Transactions,
    private readonly rowLocks: RowLocks,
    private readonly secretBox: SecretBox,
    private readonly oauth: ZoomOAuthClient,
    private readonly clock: Clock,
    private readonly events: ZoomConnectionEvents,
    private readonly team: TeamMembersService,
  ) {}

  /**
   * Drops stored access tokens past their expiry (the expired-records job), so none is kept longer
   * than it lives; answers how many went.
   */
  async purgeExpired(): Promise<number> {
    const result = await this.transactions.statement((em) =>
      em.update(
        ZoomCredential,
        { accessTokenExpiresAt: LessThan(this.clock.now()) },
        { accessTokenSealed: null, accessTokenExpiresAt: null },
      ),
    );
    return result.affected ?? 0;
  }

  /** A valid access token for the user's connection, refreshing when needed. */
  async accessToken(userId: string): Promise<string> {
    const cached = this.cache.get(userId);
    if (cached && this.isFresh(cached.expiresAt)) return cached.token;
    return this.refreshOnce(userId, { stale: cached?.token, force: false });
  }

  /** Runs a Zoom call with the user's token; when Zoom refuses the token (124), refreshes once and retries once. */
  async withAccessToken<T>(userId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.accessToken(userId);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof ZoomAccessTokenRejectedError)) throw error;
      const fresh = await this.refreshOnce(userId, { stale: token, force: false });
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
    this.cache.set(userId, {
      token: tokens.accessToken,
      expiresAt: this.clock.now().getTime() + tokens.expiresInSeconds * 1000,
    });
  }

  forget(userId: string): void {
    this.forgets++;
    this.cache.delete(userId);
  }

  /** Refreshes a credential regardless of any cached or stored token (the keep-alive job). */
  refreshNow(userId: string): Promise<string> {
    return this.refreshOnce(userId, { stale: this.cache.get(userId)?.token, force: true });
  }

  /** One refresh per user at a time in this process; concurrent callers share its result. */
  private refreshOnce(userId: string, request: TokenRequest): Promise<string> {
    const running = this.inFlight.get(userId);
    if (running) return running;
    const cached = this.cache.get(userId);
    // Someone else already replaced the token the caller found stale.
    if (!request.force && request.stale && cached && cached.token !== request.stale && this.isFresh(cached.expiresAt)) {
      return Promise.resolve(cached.token);
    }
    const forgets = this.forgets;
    const refresh = this.obtain(userId, request)
      .then((token) => {
        // Offboarding or a disconnect forgot the user meanwhile: the token answers this caller, and is not kept.
        if (this.forgets !== forgets) this.cache.delete(userId);
        return token;
      })
      .finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, refresh);
    return refresh;
  }

  /** The stored access token when it serves, else a refresh under the lease, else waiting for whoever holds it. */
  private async obtain(userId: string, request: TokenRequest): Promise<string> {
    this.cache.delete(userId);
    const leaseId = randomUUID();
    const deadline = Date.now() + WAIT_MS;
    // The refresh token stored when we began: a different one means someone refreshed meanwhile.
    let startedWith: string | null = null;
    for (let round = 1, pauseMs = 25; ; pauseMs = Math.min(pauseMs * 2, MAX_POLL_MS)) {
      const credential = await this.usableCredential(userId);
      startedWith ??= credential.refreshTokenSealed;
      const stored = this.storedAccessToken(credential, request, startedWith);
      if (stored) return stored;
      if (await this.claimLease(userId, leaseId)) {
        const outcome = await this.refreshUnderLease(userId, leaseId, request, startedWith);
        if (outcome.kind === 'token') return outcome.token;
        if (++round > MAX_ROUNDS) throw zoomUnavailable();
        continue;
      }
      if (Date.now() >= deadline) throw zoomUnavailable();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }

  private async refreshUnderLease(
    userId: string,
    leaseId: string,
    request: TokenRequest,
    startedWith: string | null,
  ): Promise<LeaseOutcome> {
    let leaseEnded = false;
    try {
      // The holder before us may have stored a fresh token between our read and our claim.
      const credential = await this.usableCredential(userId);
      const stored = this.storedAccessToken(credential, request, startedWith);
      if (stored) return { kind: 'token', token: stored };
      const used = credential.refreshTokenSealed as string;
      let tokens: ZoomTokens;
      try {
        tokens = await this.oauth.refresh(this.openRefreshToken(used, userId));
      } catch (error) {
        if (!(error instanceof ZoomGrantRejectedError)) throw error;
        leaseEnded = await this.markReconnectNeeded(userId, used);
        if (!leaseEnded) return { kind: 'changed' };
        this.logger.warn(`Zoom refused the stored refresh token of user ${userId}: reconnect needed`);
        throw new DomainError(ZoomErrorCode.RECONNECT_NEEDED, ZoomMessages.reconnectNeeded);
      }
      leaseEnded = await this.saveRotated(userId, used, tokens);
      if (!leaseEnded) return { kind: 'changed' };
      this.remember(userId, tokens);
      return { kind: 'token', token: tokens.accessToken };
    } finally {
      if (!leaseEnded) await this.releaseLease(userId, leaseId);
    }
  }

  /**
   * The stored refresh token in the clear. One no configured key opens (ENCRYPTION_KEY changed without
   * ENCRYPTION_KEYS_PREVIOUS) cannot be used: the user is told to reconnect, which stores a new one,
   * but the row is not marked dead, so a key mistake does not email every connected user.
   */
  private openRefreshToken(sealed: string, userId: string): string {
    try {
      return this.secretBox.open(sealed, refreshTokenAad(userId));
    } catch {
      this.logger.error(
        `The stored Zoom refresh token of user ${userId} cannot be opened with the configured keys (was ENCRYPTION_KEY changed without ENCRYPTION_KEYS_PREVIOUS?)`,
      );
      throw new DomainError(ZoomErrorCode.RECONNECT_NEEDED, ZoomMessages.reconnectNeeded);
    }
  }

  /** The connected credential, or the contract's error for a missing or dead one. */
  private async usableCredential(userId: string): Promise<ZoomCredential> {
    const credential = await this.credentials.findOneBy({ userId });
    if (!credential) throw new DomainError(ZoomErrorCode.NOT_CONNECTED, ZoomMessages.notConnected);
    if (credential.status !== 'connected' || !credential.refreshTokenSealed)
      throw new DomainError(ZoomErrorCode.RECONNECT_NEEDED, ZoomMessages.reconnectNeeded);
    return credential;
  }

  /** The stored access token if it may answer this request (and remembers it), else null. */
  private storedAccessToken(
    credential: ZoomCredential,
    request: TokenRequest,
    startedWith: string | null,
  ): string | null {
    // A forced refresh takes only a token that someone refreshed after it began.
    if (request.force && credential.refreshTokenSealed === startedWith) return null;
    if (
      !credential.accessTokenSealed ||
      !credential.accessTokenExpiresAt ||
      !this.isFresh(credential.accessTokenExpiresAt.getTime())
    )
      return null;
    let token: string;
    try {
      token = this.secretBox.open(credential.accessTokenSealed, accessTokenAad(credential.userId));
    } catch {
      return null;
    }
    if (token === request.stale) return null;
    this.cache.set(credential.userId, { token, expiresAt: credential.accessTokenExpiresAt.getTime() });
    return token;
  }

  /** One conditional UPDATE: the lease is ours if nobody holds a live one. */
  private async claimLease(userId: string, leaseId: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.transactions.statement((em) =>
      em
        .createQueryBuilder()
        .update(ZoomCredential)
        .set({ refreshLeaseId: leaseId, refreshLeaseUntil: new Date(now.getTime() + LEASE_MS) })
        .where(
          'userId = :userId AND status = :connected AND refreshTokenSealed IS NOT NULL AND (refreshLeaseUntil IS NULL OR refreshLeaseUntil < :now)',
          {
            userId,
            connected: 'connected',
            now,
          },
        )
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Gives the lease back early; if this fails, the lease still ends by itself. */
  private async releaseLease(userId: string, leaseId: string): Promise<void> {
    try {
      await this.transactions.statement((em) =>
        em
          .createQueryBuilder()
          .update(ZoomCredential)
          .set({ refreshLeaseId: null, refreshLeaseUntil: null })
          .where('userId = :userId AND refreshLeaseId = :leaseId', { userId, leaseId })
          .execute(),
      );
    } catch (error) {
      this.logger.warn(
        `The Zoom refresh lease of user ${userId} was not given back (it ends by itself): ${error instanceof Error ? error.name : 'unknown'}`,
      );
    }
  }

  /**
   * Zoom refused the refresh token we used. The grant is dead only if that token is still the stored
   * one: a reconnect or another instance may have replaced it meanwhile, and then theirs is used.
   */
  private markReconnectNeeded(userId: string, used: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const credential = await this.rowLocks.forUpdate(em, ZoomCredential, { userId });
      if (!credential || credential.status !== 'connected' || credential.refreshTokenSealed !== used) return false;
      // Keep the email, drop the tokens.
      Object.assign(credential, {
        status: 'reconnect_needed',
        refreshTokenSealed: null,
        keyId: null,
        accessTokenSealed: null,
        accessTokenExpiresAt: null,
        refreshLeaseId: null,
        refreshLeaseUntil: null,
        updatedAt: this.clock.now(),
      });
      await em.save(ZoomCredential, credential);
      await this.events.reconnectNeeded({
        credentialId: credential.id,
        firmId: credential.firmId,
        userId: credential.userId,
        at: credential.updatedAt,
        owner: await this.team.contactOf(credential.userId),
      });
      return true;
    });
  }

  /**
   * Stores what Zoom answered and ends the lease, only over the token it replaced. Zoom has already
   * killed the old refresh token, so losing the new one would force a reconnect: a database that
   * went away is waited for (runOutlastingOutage), and a repeat of a commit that landed is harmless.
   */
  private async saveRotated(userId: string, used: string, tokens: ZoomTokens): Promise<boolean> {
    const refresh = this.secretBox.seal(tokens.refreshToken, refreshTokenAad(userId));
    const access = this.secretBox.seal(tokens.accessToken, accessTokenAad(userId));
    const saved = await this.transactions.runOutlastingOutage(async (em) => {
      const now = this.clock.now();
      const result = await em
        .createQueryBuilder()
        .update(ZoomCredential)
        .set({
          refreshTokenSealed: refresh.sealed,
          keyId: refresh.keyId,
          accessTokenSealed: access.sealed,
          accessTokenExpiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
          refreshLeaseId: null,
          refreshLeaseUntil: null,
          lastRefreshedAt: now,
          updatedAt: now,
        })
        .where(
          'userId = :userId AND status = :connected AND (refreshTokenSealed = :used OR refreshTokenSealed = :sealed)',
          {
            userId,
            connected: 'connected',
            used,
            sealed: refresh.sealed,
          },
        )
        .execute();
      return (result.affected ?? 0) > 0;
    });
    if (!saved)
      this.logger.warn(
        `The rotated Zoom refresh token of user ${userId} was not saved: the connection changed meanwhile`,
      );
    return saved;
  }

  private isFresh(expiresAt: number): boolean {
    return expiresAt - EARLY_REFRESH_MS > this.clock.now().getTime();
  }
}
