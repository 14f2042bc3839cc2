import { DomainError } from '../../common/errors/domain-error.js';
import { ZoomErrorCode, ZoomMessages } from './zoom.errors.js';

export const ZOOM_TIMEOUT_MS = 10_000;

export interface ZoomResponse {
  status: number;
  headers: Headers;
  /** The parsed body, or undefined when it was not JSON. */
  json: Record<string, unknown> | undefined;
}

/** Zoom refused the refresh token or code (invalid_grant): the grant is gone. */
export class ZoomGrantRejectedError extends DomainError {
  constructor() {
    super(ZoomErrorCode.RECONNECT_NEEDED, ZoomMessages.reconnectNeeded);
  }
}

/** Zoom refused the access token (code 124): refresh once and retry. */
export class ZoomAccessTokenRejectedError extends DomainError {
  constructor() {
    super(ZoomErrorCode.RECONNECT_NEEDED, ZoomMessages.reconnectNeeded);
  }
}

export const zoomUnavailable = (): DomainError => new DomainError(ZoomErrorCode.UNAVAILABLE, ZoomMessages.unavailable);

/** One request to Zoom with a bounded wait; network failures and timeouts become zoom_unavailable. */
export async function zoomFetch(url: string, init: RequestInit, timeoutMs = ZOOM_TIMEOUT_MS): Promise<ZoomResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch {
    throw zoomUnavailable();
  }
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    json =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json };
}

/** Seconds until 00:00 UTC, when Zoom resets its daily per-user limits. */
export function secondsUntilUtcMidnight(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

/** A 429 from Zoom as our domain error, with the time after which a retry may succeed. */
export function zoomRateLimited(res: ZoomResponse, now: Date): DomainError {
  const daily =
    /daily/i.test(res.headers.get('x-ratelimit-type') ?? '') || /daily/i.test(String(res.json?.message ?? ''));
  const header = Number(res.headers.get('retry-after'));
  const retryAfter = Number.isFinite(header) && header > 0 ? header : daily ? secondsUntilUtcMidnight(now) : 1;
  return new DomainError(
    ZoomErrorCode.RATE_LIMITED,
    daily ? ZoomMessages.dailyLimit : ZoomMessages.rateLimited,
    {},
    retryAfter,
  );
}
