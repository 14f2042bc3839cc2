import { Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { STATE_TTL_MS } from './zoom-oauth-state.store.js';

export const CONNECT_COOKIE = 'zoom_connect';

/**
 * The cookie that binds a Connect flow to the browser that started it (api.md, Integrations: Zoom).
 * HttpOnly and SameSite=Lax: Zoom's redirect back is a top-level GET, which carries it; it is sent
 * only to the callback, and lasts as long as the flow. One per browser: the newest flow wins.
 */
@Injectable()
export class ZoomConnectCookie {
  private readonly options: CookieOptions;

  constructor(config: AppConfig) {
    const callback = new URL(config.zoom?.redirectUri ?? `${config.appUrl}/api/v1/integrations/zoom/callback`);
    this.options = {
      httpOnly: true,
      sameSite: 'lax',
      secure: new URL(config.appUrl).protocol === 'https:',
      path: callback.pathname,
    };
  }

  set(res: Response, binding: string): void {
    res.cookie(CONNECT_COOKIE, binding, { ...this.options, maxAge: STATE_TTL_MS });
  }

  /** The value the browser sent, as it came (the state store checks it). */
  read(req: Request): unknown {
    return (req.cookies as Record<string, unknown> | undefined)?.[CONNECT_COOKIE];
  }

  clear(res: Response): void {
    res.clearCookie(CONNECT_COOKIE, this.options);
  }
}
