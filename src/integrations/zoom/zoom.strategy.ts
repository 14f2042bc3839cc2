import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import passport from 'passport';
import { Strategy, type StateStore, type VerifyCallback } from 'passport-oauth2';
import { AppConfig } from '../../config/app-config.js';
import { ZoomApiClient, type ZoomAccount } from './zoom-api.client.js';
import { ZOOM_TIMEOUT_MS, zoomUnavailable } from './zoom-http.js';
import { tokenEndpointRefusal } from './zoom-oauth.client.js';
import { ZoomOAuthStateStore, type AuthorizationRequestState } from './zoom-oauth-state.store.js';

/** What a completed authorization yields. */
export interface ZoomGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  account: ZoomAccount;
}

/**
 * Zoom's authorization-code flow, configured through passport-oauth2's own options: state and PKCE
 * (S256) kept by ZoomOAuthStateStore (in the database, not a session), the client's credentials in
 * Basic auth (`customHeaders`), and the code exchange on an agent whose sockets give up after Zoom's
 * timeout. No scope parameter: a Zoom app declares its own scopes. The Connect endpoint reads the
 * authorize URL from `authorizeUrl`; the callback runs the strategy through ZoomCallbackGuard.
 */
@Injectable()
export class ZoomStrategy extends Strategy implements OnModuleDestroy {
  /**
   * This app's name for it in passport's registry, which is one per process: apps that share a
   * process (the e2e suites boot several) each run their own strategy, with their own store.
   */
  override readonly name = `zoom-${randomUUID()}`;

  constructor(
    config: AppConfig,
    store: ZoomOAuthStateStore,
    private readonly api: ZoomApiClient,
  ) {
    const zoom = config.zoom;
    const oauthBase = config.zoomOAuthBaseUrl;
    // Placeholders keep the strategy constructible when Zoom is not configured; nothing runs it then.
    const clientID = zoom?.clientId ?? 'zoom-not-configured';
    const clientSecret = zoom?.clientSecret ?? 'zoom-not-configured';
    super(
      {
        authorizationURL: `${oauthBase}/oauth/authorize`,
        tokenURL: `${oauthBase}/oauth/token`,
        clientID,
        clientSecret,
        callbackURL: zoom?.redirectUri ?? `${config.appUrl}/api/v1/integrations/zoom/callback`,
        // Zoom authenticates the app by Basic auth on its token endpoint (node-oauth puts the pair in the form too).
        customHeaders: {
          Authorization: `Basic ${Buffer.from(`${clientID}:${clientSecret}`).toString('base64')}`,
          Accept: 'application/json',
        },
        state: true,
        pkce: true, // S256
        // The types know only the session stores' signatures; passport-oauth2 calls ours (PKCE) by its arity, 5.
        store: store as unknown as StateStore,
      },
      grantOf,
    );
    // node-oauth has no timeout of its own; what it takes is an agent (its public setAgent).
    this._oauth2.setAgent(deadlineAgent(`${oauthBase}/oauth/token`, ZOOM_TIMEOUT_MS));
    passport.use(this.name, this);
  }

  onModuleDestroy(): void {
    passport.unuse(this.name);
  }

  /**
   * The Zoom consent URL of a new flow, whose state and PKCE verifier the store keeps with `flow`.
   * passport-oauth2 builds it in `authenticate` and hands it to the strategy's `redirect` action;
   * passport.authenticate (and so AuthGuard) binds that action to writing a 302 and never returns
   * the URL, but the contract's Connect answers JSON: so the actions are bound to a promise here,
   * the way passport.authenticate binds them to the response (a fresh object over the strategy).
   */
  authorizeUrl(flow: AuthorizationRequestState): Promise<string> {
    return new Promise((resolve, reject) => {
      const attempt = Object.create(this) as passport.StrategyCreated<this>;
      attempt.redirect = (url: string) => resolve(url);
      attempt.error = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)));
      attempt.success = attempt.fail = attempt.pass = () => reject(new Error('The Zoom strategy did not redirect'));
      attempt.authenticate({ query: {}, body: {} } as Request, { state: flow });
    });
  }

  /** The connected account, read from users/me with the new access token. */
  override userProfile(accessToken: string, done: (err?: unknown, profile?: ZoomAccount) => void): void {
    this.api.getMe(accessToken).then(
      (account) => done(null, account),
      (error: unknown) => done(error),
    );
  }

  /** Zoom's refusal of a code exchange, read as ZoomOAuthClient reads its refusal of a refresh. */
  override parseErrorResponse(body: string, status: number): Error {
    return tokenEndpointRefusal(status, parseJsonObject(body), logger);
  }
}

const logger = new Logger(ZoomStrategy.name);

/** passport-oauth2's verify callback (arity 5: it is handed the token answer's other fields too). */
function grantOf(
  accessToken: string,
  refreshToken: string | undefined,
  params: Record<string, unknown>,
  account: ZoomAccount,
  done: VerifyCallback,
): void {
  if (!refreshToken) {
    logger.warn('Zoom answered the code exchange without a refresh token');
    return done(zoomUnavailable());
  }
  const grant: ZoomGrant = { accessToken, refreshToken, expiresInSeconds: Number(params.expires_in) || 3599, account };
  done(null, grant);
}

/**
 * An agent whose sockets are destroyed `timeoutMs` after they were opened, failing the request on
 * them whatever it was waiting for (the answer, or the rest of its body). No keep-alive: one socket
 * per request, so the socket's deadline is the request's. Node documents overriding
 * `createConnection` as the way for custom agents to shape their sockets.
 */
export function deadlineAgent(url: string, timeoutMs: number): HttpAgent {
  const Base = new URL(url).protocol === 'https:' ? HttpsAgent : HttpAgent;
  class DeadlineAgent extends Base {
    override createConnection(
      options: ClientRequestArgs,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      const socket = super.createConnection(options, callback);
      if (socket) {
        const timer = setTimeout(() => socket.destroy(zoomUnavailable()), timeoutMs);
        socket.once('close', () => clearTimeout(timer));
      }
      return socket;
    }
  }
  return new DeadlineAgent({ keepAlive: false });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
