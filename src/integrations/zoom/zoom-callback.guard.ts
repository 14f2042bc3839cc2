import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import { AppConfig } from '../../config/app-config.js';
import { ZoomConnectCookie } from './zoom-connect-cookie.js';
import type { CallbackBrowser, CallbackRequest } from './zoom-oauth-state.store.js';
import { ZoomStrategy, type ZoomGrant } from './zoom.strategy.js';

/** What the Zoom strategy made of the browser's return. */
export type ZoomCallbackOutcome =
  | { kind: 'authorized'; grant: ZoomGrant; userId: string }
  /** The state is not this browser's flow, or is spent, or expired. */
  | { kind: 'refused' }
  /** The code exchange, the account lookup or the state store failed. */
  | { kind: 'failed'; error: unknown };

/** The browser's return from Zoom as the guard leaves it for ZoomConnectionService. */
export interface ZoomCallbackAttempt {
  browser: CallbackBrowser;
  /** Absent when the strategy did not run (see ZoomCallbackGuard). */
  outcome?: ZoomCallbackOutcome;
}

export interface ZoomCallbackRequest extends CallbackRequest {
  zoomBrowser: CallbackBrowser;
  zoomOutcome?: ZoomCallbackOutcome;
}

/**
 * Runs the Zoom strategy (passport.authenticate, through @nestjs/passport's AuthGuard) on the
 * browser's return from Zoom: the state store checks the state against this browser's Connect cookie
 * and hands back the PKCE verifier, passport-oauth2 exchanges the code, ZoomStrategy reads the
 * account. It lets every request through and leaves the outcome on it, because the callback answers
 * everything with a redirect to the integrations page, never an error body.
 *
 * Only a configured Zoom's code with its state goes to the strategy: without a code passport-oauth2
 * would start a new flow, and it answers Zoom's `error` without looking at the state, which the
 * contract spends (from the flow's own browser only); ZoomConnectionService answers those itself.
 */
@Injectable()
export class ZoomCallbackGuard extends AuthGuard() {
  constructor(
    strategy: ZoomStrategy,
    private readonly config: AppConfig,
    private readonly connectCookie: ZoomConnectCookie,
  ) {
    // This app's strategy, by the name it registered under (see ZoomStrategy.name).
    super({ defaultStrategy: strategy.name });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ZoomCallbackRequest>();
    req.zoomBrowser = { binding: this.connectCookie.read(req), consumed: false };
    const { code, state, error } = req.query;
    if (!this.config.zoom || error !== undefined || typeof code !== 'string' || typeof state !== 'string') return true;
    try {
      await super.canActivate(context);
    } catch (failure) {
      req.zoomOutcome = { kind: 'failed', error: failure };
    }
    return true;
  }

  /** Where AuthGuard puts what handleRequest answers. */
  override getAuthenticateOptions(): AuthGuardAuthenticateOptions {
    return { property: 'zoomOutcome' };
  }

  /** The strategy's verdict as an outcome; never throws (AuthGuard's default throws a 401). */
  override handleRequest<TOutcome = ZoomCallbackOutcome>(
    err: unknown,
    grant: ZoomGrant | false | undefined,
    info: { state?: { userId: string } } | undefined,
  ): TOutcome {
    const outcome: ZoomCallbackOutcome = err
      ? { kind: 'failed', error: err }
      : grant && info?.state
        ? { kind: 'authorized', grant, userId: info.state.userId }
        : { kind: 'refused' };
    return outcome as TOutcome;
  }
}
