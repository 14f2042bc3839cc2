import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type ZoomAppConfig } from '../../config/app-config.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Clock } from '../../common/clock.js';
import { ZoomErrorCode, ZoomMessages } from './zoom.errors.js';
import { ZoomGrantRejectedError, zoomFetch, zoomRateLimited, zoomUnavailable, type ZoomResponse } from './zoom-http.js';

export interface ZoomTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/**
 * Zoom's OAuth endpoints after Connect: refresh and revoke (the code exchange is passport-oauth2's,
 * in ZoomStrategy). Client credentials go in Basic auth.
 */
@Injectable()
export class ZoomOAuthClient {
  private readonly logger = new Logger(ZoomOAuthClient.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  refresh(refreshToken: string): Promise<ZoomTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Revokes the whole grant. False when Zoom could not be reached or refused; never throws. */
  async revoke(token: string, timeoutMs = 5_000): Promise<boolean> {
    try {
      const res = await this.post('/oauth/revoke', { token }, timeoutMs);
      if (res.status === 200) return true;
      this.logger.warn(`Zoom refused to revoke a grant (HTTP ${res.status})`);
      return false;
    } catch {
      this.logger.warn('Zoom could not be reached to revoke a grant');
      return false;
    }
  }

  private async token(form: Record<string, string>): Promise<ZoomTokens> {
    const res = await this.post('/oauth/token', form);
    const body = res.json;
    if (res.status === 200 && typeof body?.access_token === 'string' && typeof body.refresh_token === 'string') {
      return {
        accessToken: body.access_token,
        refreshToken: body.refresh_token,
        expiresInSeconds: Number(body.expires_in) || 3599,
      };
    }
    if (res.status === 429) throw zoomRateLimited(res, this.clock.now());
    throw tokenEndpointRefusal(res.status, body, this.logger);
  }

  private post(path: string, form: Record<string, string>, timeoutMs?: number): Promise<ZoomResponse> {
    const zoom = this.zoomConfig();
    const basic = Buffer.from(`${zoom.clientId}:${zoom.clientSecret}`).toString('base64');
    return zoomFetch(
      `${zoom.oauthBaseUrl}${path}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
      },
      timeoutMs,
    );
  }

  private zoomConfig(): ZoomAppConfig {
    const zoom = this.config.zoom;
    if (!zoom) throw new DomainError(ZoomErrorCode.NOT_CONFIGURED, ZoomMessages.notConfigured);
    return zoom;
  }
}

/**
 * What an answer of Zoom's token endpoint that carries no tokens means, for a refresh here and for
 * a code exchange in ZoomStrategy alike: a refused grant or code is `zoom_reconnect_needed`; anything
 * else is Zoom being unavailable, and refused client credentials are logged for the operator to fix.
 */
export function tokenEndpointRefusal(
  status: number,
  body: Record<string, unknown> | undefined,
  logger: Logger,
): DomainError {
  if (status === 400 && body?.error === 'invalid_grant') return new ZoomGrantRejectedError();
  if (status === 401 || body?.error === 'invalid_client') {
    logger.error('Zoom rejected the client credentials: check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET');
  } else {
    logger.warn(`Zoom token endpoint answered HTTP ${status}${body?.error ? ` (${String(body.error)})` : ''}`);
  }
  return zoomUnavailable();
}
