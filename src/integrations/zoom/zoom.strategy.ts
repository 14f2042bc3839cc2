import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy, type StateStore } from 'passport-oauth2';
import { AppConfig } from '../../config/app-config.js';
import { ZoomApiClient, type ZoomAccount } from './zoom-api.client.js';
import { ZoomOAuthClient } from './zoom-oauth.client.js';
import { ZoomOAuthStateStore } from './zoom-oauth-state.store.js';

/** What a completed authorization yields. */
export interface ZoomGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  account: ZoomAccount;
}

type TokenCallback = (
  err: unknown,
  accessToken?: string,
  refreshToken?: string,
  params?: Record<string, unknown>,
) => void;

/**
 * Zoom's authorization-code flow with state and PKCE (S256). No scope parameter: a Zoom app
 * declares its own scopes. The state lives in the database (ZoomOAuthStateStore), not a session.
 */
@Injectable()
export class ZoomStrategy extends PassportStrategy(Strategy, 'zoom', 5) {
  constructor(
    config: AppConfig,
    store: ZoomOAuthStateStore,
    oauthClient: ZoomOAuthClient,
    private readonly api: ZoomApiClient,
  ) {
    const zoom = config.zoom;
    const oauthBase = config.zoomOAuthBaseUrl;
    super({
      authorizationURL: `${oauthBase}/oauth/authorize`,
      tokenURL: `${oauthBase}/oauth/token`,
      // Placeholders keep the strategy constructible when Zoom is not configured; the service refuses before using it.
      clientID: zoom?.clientId ?? 'zoom-not-configured',
      clientSecret: zoom?.clientSecret ?? 'zoom-not-configured',
      callbackURL: zoom?.redirectUri ?? `${config.appUrl}/api/v1/integrations/zoom/callback`,
      state: true,
      pkce: true, // S256
      // Typed for the session stores; passport-oauth2 picks our PKCE signature by its arity (5).
      store: store as unknown as StateStore,
    });
    // The code exchange goes through ZoomOAuthClient (Basic auth, timeout, error mapping) rather than node-oauth.
    const oauth2 = (
      this as unknown as {
        _oauth2: { getOAuthAccessToken: (code: string, params: Record<string, string>, cb: TokenCallback) => void };
      }
    )._oauth2;
    oauth2.getOAuthAccessToken = (code, params, callback) => {
      oauthClient.exchangeCode(code, params.redirect_uri ?? '', params.code_verifier ?? '').then(
        (tokens) => callback(null, tokens.accessToken, tokens.refreshToken, { expires_in: tokens.expiresInSeconds }),
        (error: unknown) => callback(error),
      );
    };
  }

  /** The connected account, read from users/me with the new access token. */
  override userProfile(accessToken: string, done: (err?: unknown, profile?: ZoomAccount) => void): void {
    this.api.getMe(accessToken).then(
      (account) => done(null, account),
      (error: unknown) => done(error),
    );
  }

  validate(
    accessToken: string,
    refreshToken: string,
    params: Record<string, unknown>,
    account: ZoomAccount,
  ): ZoomGrant {
    return { accessToken, refreshToken, expiresInSeconds: Number(params.expires_in) || 3599, account };
  }
}
