import { Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { CommonErrorCode, DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { SessionKind } from '../entities/session.entity.js';
import { SESSION_TTL_MS } from '../session.service.js';

/** Staff and client sessions travel in cookies of their own, so one browser can hold both. */
const COOKIE_NAMES: Record<SessionKind, string> = { staff: 'mll_staff_session', client: 'mll_client_session' };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browser sessions (api.md, Conventions): the token lives in an HttpOnly, SameSite=Lax cookie that
 * page scripts cannot read. A cookie is sent by the browser whoever asked for the request, so a write
 * it authenticates, and any request that sets one, must come from a page of our own origin.
 */
@Injectable()
export class SessionCookies {
  private readonly origin: string;
  private readonly options: CookieOptions;

  constructor(config: AppConfig) {
    const appUrl = new URL(config.appUrl);
    this.origin = appUrl.origin;
    this.options = { httpOnly: true, sameSite: 'lax', secure: appUrl.protocol === 'https:', path: '/' };
  }

  /** The session token the request carries in its cookie, or null. */
  read(req: Request, kind: SessionKind): string | null {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[COOKIE_NAMES[kind]];
    return typeof value === 'string' && value.length > 0 ? value : null;
  }

  /** Refuses a cookie-authenticated write that did not come from our own pages. */
  checkWrite(req: Request): void {
    if (!SAFE_METHODS.has(req.method)) this.checkOrigin(req);
  }

  /** 403 csrf_failed unless Origin (else Referer) is APP_URL's origin. */
  checkOrigin(req: Request): void {
    if (this.originOf(req) !== this.origin) {
      throw new DomainError(
        CommonErrorCode.CSRF_FAILED,
        'This request did not come from a page of this site, so it was refused. Reload the page and try again.',
      );
    }
  }

  /**
   * A sign-in's answer as the caller asked for it: with `?session=cookie` the token goes into the
   * cookie and leaves the answer; otherwise the answer is returned as it is.
   */
  deliver<T extends { accessToken: string }>(
    res: Response,
    kind: SessionKind,
    answer: T,
    mode: 'cookie' | undefined,
  ): T | Omit<T, 'accessToken'> {
    if (mode !== 'cookie') return answer;
    const { accessToken, ...rest } = answer;
    this.set(res, kind, accessToken);
    return rest;
  }

  set(res: Response, kind: SessionKind, token: string): void {
    res.cookie(COOKIE_NAMES[kind], token, { ...this.options, maxAge: SESSION_TTL_MS });
  }

  clear(res: Response, kind: SessionKind): void {
    res.clearCookie(COOKIE_NAMES[kind], this.options);
  }

  private originOf(req: Request): string | null {
    const origin = req.headers.origin;
    if (typeof origin === 'string') return origin;
    const referer = req.headers.referer;
    if (typeof referer !== 'string') return null;
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
}
