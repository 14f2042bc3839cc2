import { Injectable } from '@nestjs/common';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { LessThan } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { hashToken, newOpaqueToken } from '../../common/crypto/opaque-token.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { Transactions } from '../../database/transactions.js';
import { ZoomOAuthState } from './zoom-oauth-state.entity.js';

/** How long a Connect flow (its state, and the cookie that binds it to a browser) lasts. */
export const STATE_TTL_MS = 10 * 60_000;
const VERIFIER_AAD = 'zoom-pkce-verifier';

export type StateFailure = 'invalid_state' | 'expired_state';
export interface AuthorizationRequestState {
  userId: string;
  /** The hash of the value of the Connect cookie set in the browser that asked. */
  browserBindingHash: string;
}

/** The browser's side of a callback: the Connect cookie it sent, and whether the callback spent the flow. */
export interface CallbackBrowser {
  binding: unknown;
  consumed: boolean;
}

/** The callback's request as passport-oauth2 hands it to the store: ZoomCallbackGuard puts the browser's side on it. */
export interface CallbackRequest extends Request {
  zoomBrowser?: CallbackBrowser;
}

type StoreCallback = (err: Error | null, handle?: string) => void;
type VerifyCallback = (
  err: Error | null,
  verifier: string | false,
  info?: { userId: string } | { message: StateFailure },
) => void;

/**
 * passport-oauth2's state store, kept in the database instead of a session: the state is random,
 * stored as a hash, single-use, ten minutes long, names the staff member who asked, and can be
 * finished only by the browser that asked (the hash of its Connect cookie is kept with it).
 */
@Injectable()
export class ZoomOAuthStateStore {
  constructor(
    private readonly transactions: Transactions,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** passport-oauth2 calls this (arity 5: PKCE) when it builds the authorize URL. */
  store(
    _req: Request,
    verifier: string,
    state: AuthorizationRequestState,
    _meta: unknown,
    callback: StoreCallback,
  ): void {
    const handle = newOpaqueToken();
    const now = this.clock.now();
    this.transactions
      .run(async (em) => {
        await em.insert(ZoomOAuthState, {
          id: randomUUID(),
          stateHash: hashToken(handle),
          userId: state.userId,
          browserBindingHash: state.browserBindingHash,
          codeVerifierSealed: this.secretBox.seal(verifier, VERIFIER_AAD).sealed,
          createdAt: now,
          expiresAt: new Date(now.getTime() + STATE_TTL_MS),
        });
      })
      .then(
        () => callback(null, handle),
        (error: Error) => callback(error),
      );
  }

  /** Deletes flows past their ten minutes (the expired-records job); answers how many went. */
  async purgeExpired(): Promise<number> {
    const result = await this.transactions.statement((em) =>
      em.delete(ZoomOAuthState, { expiresAt: LessThan(this.clock.now()) }),
    );
    return result.affected ?? 0;
  }

  /** passport-oauth2 calls this on the callback (arity 3), before it exchanges the code. */
  verify(req: CallbackRequest, providedState: unknown, callback: VerifyCallback): void {
    this.consume(providedState, req.zoomBrowser ?? { binding: undefined, consumed: false }).then(
      (result) =>
        'failure' in result
          ? callback(null, false, { message: result.failure })
          : callback(null, result.verifier, { userId: result.userId }),
      (error: Error) => callback(error, false),
    );
  }

  /**
   * Spends the state, but only for the browser that started the flow: from any other browser (no
   * Connect cookie, or another flow's) it is invalid_state and the state stays usable by its own.
   * Only the caller whose delete removed the row may use it.
   */
  async consume(
    providedState: unknown,
    browser: CallbackBrowser,
  ): Promise<{ userId: string; verifier: string } | { failure: StateFailure }> {
    if (typeof providedState !== 'string' || providedState.length < 20 || providedState.length > 100)
      return { failure: 'invalid_state' };
    if (typeof browser.binding !== 'string' || browser.binding.length < 20 || browser.binding.length > 100)
      return { failure: 'invalid_state' };
    const stateHash = hashToken(providedState);
    const bindingHash = hashToken(browser.binding);
    const outcome = await this.transactions.run(async (em) => {
      const row = await em.findOneBy(ZoomOAuthState, { stateHash });
      if (!row || !sameHash(row.browserBindingHash, bindingHash)) return null;
      const deleted = await em.delete(ZoomOAuthState, { id: row.id });
      return deleted.affected === 1 ? row : null;
    });
    if (!outcome) return { failure: 'invalid_state' };
    browser.consumed = true;
    if (outcome.expiresAt.getTime() <= this.clock.now().getTime()) return { failure: 'expired_state' };
    return { userId: outcome.userId, verifier: this.secretBox.open(outcome.codeVerifierSealed, VERIFIER_AAD) };
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
