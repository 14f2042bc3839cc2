import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { LessThan } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { hashToken, newOpaqueToken } from '../../common/crypto/opaque-token.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { Transactions } from '../../database/transactions.js';
import { ZoomOAuthState } from './zoom-oauth-state.entity.js';

const STATE_TTL_MS = 10 * 60_000;
const VERIFIER_AAD = 'zoom-pkce-verifier';

export type StateFailure = 'invalid_state' | 'expired_state';
export interface AuthorizationRequestState {
  userId: string;
}

type StoreCallback = (err: Error | null, handle?: string) => void;
type VerifyCallback = (err: Error | null, verifier: string | false, info?: AuthorizationRequestState | { message: StateFailure }) => void;

/**
 * passport-oauth2's state store, kept in the database instead of a session: the state is random,
 * stored as a hash, single-use, ten minutes long, and names the staff member who asked.
 */
@Injectable()
export class ZoomOAuthStateStore {
  constructor(
    private readonly transactions: Transactions,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** passport-oauth2 calls this (arity 5: PKCE) when it builds the authorize URL. */
  store(_req: Request, verifier: string, state: AuthorizationRequestState, _meta: unknown, callback: StoreCallback): void {
    const handle = newOpaqueToken();
    const now = this.clock.now();
    this.transactions
      .run(async (em) => {
        await em.delete(ZoomOAuthState, { expiresAt: LessThan(now) });
        await em.insert(ZoomOAuthState, {
          id: randomUUID(), stateHash: hashToken(handle), userId: state.userId,
          codeVerifierSealed: this.secretBox.seal(verifier, VERIFIER_AAD).sealed,
          createdAt: now, expiresAt: new Date(now.getTime() + STATE_TTL_MS),
        });
      })
      .then(() => callback(null, handle), (error: Error) => callback(error));
  }

  /** passport-oauth2 calls this on the callback; the state is consumed whatever the outcome. */
  verify(_req: Request, providedState: unknown, callback: VerifyCallback): void {
    this.consume(providedState).then(
      (result) => ('failure' in result ? callback(null, false, { message: result.failure }) : callback(null, result.verifier, { userId: result.userId })),
      (error: Error) => callback(error, false),
    );
  }

  /** Deletes the state; only the caller whose delete removed the row may use it. */
  async consume(providedState: unknown): Promise<{ userId: string; verifier: string } | { failure: StateFailure }> {
    if (typeof providedState !== 'string' || providedState.length < 20 || providedState.length > 100) return { failure: 'invalid_state' };
    const stateHash = hashToken(providedState);
    return this.transactions.run(async (em) => {
      const row = await em.findOneBy(ZoomOAuthState, { stateHash });
      if (!row) return { failure: 'invalid_state' as const };
      const deleted = await em.delete(ZoomOAuthState, { id: row.id });
      if (deleted.affected !== 1) return { failure: 'invalid_state' as const };
      if (row.expiresAt.getTime() <= this.clock.now().getTime()) return { failure: 'expired_state' as const };
      return { userId: row.userId, verifier: this.secretBox.open(row.codeVerifierSealed, VERIFIER_AAD) };
    });
  }
}
