import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { ZoomErrorCode, ZoomMessages } from './zoom.errors.js';
import {
  ZoomAccessTokenRejectedError,
  zoomFetch,
  zoomRateLimited,
  zoomUnavailable,
  type ZoomResponse,
} from './zoom-http.js';

export interface ZoomAccount {
  zoomUserId: string;
  email: string;
}

export interface NewZoomMeeting {
  topic: string;
  /** Local wall time, yyyy-MM-ddTHH:mm:ss, in `timezone`. */
  startTime: string;
  timezone: string;
  durationMinutes: number;
}

/** What we keep of a created meeting. Zoom's start_url (the host key) is dropped right here. */
export interface CreatedZoomMeeting {
  meetingId: string;
  joinUrl: string;
  passcode: string | null;
}

const CANNOT_HOST = 3161;
const INVALID_ACCESS_TOKEN = 124;

/** Zoom's REST API, as far as we use it. Never logs a token or a start_url. */
@Injectable()
export class ZoomApiClient {
  private readonly logger = new Logger(ZoomApiClient.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async getMe(accessToken: string): Promise<ZoomAccount> {
    const res = await this.call('GET', '/users/me', accessToken);
    const body = this.expect(res, 200, 'users/me');
    if (typeof body.id !== 'string' || typeof body.email !== 'string') throw zoomUnavailable();
    return { zoomUserId: body.id, email: body.email };
  }

  async createMeeting(accessToken: string, meeting: NewZoomMeeting): Promise<CreatedZoomMeeting> {
    const res = await this.call('POST', '/users/me/meetings', accessToken, {
      topic: meeting.topic,
      type: 2,
      start_time: meeting.startTime,
      timezone: meeting.timezone,
      duration: meeting.durationMinutes,
    });
    const body = this.expect(res, 201, 'meetings');
    if ((typeof body.id !== 'number' && typeof body.id !== 'string') || typeof body.join_url !== 'string')
      throw zoomUnavailable();
    return {
      meetingId: String(body.id),
      joinUrl: body.join_url,
      passcode: typeof body.password === 'string' ? body.password : null,
    };
  }

  private call(method: string, path: string, accessToken: string, json?: unknown): Promise<ZoomResponse> {
    const base = this.config.zoom?.apiBaseUrl;
    if (!base) throw new DomainError(ZoomErrorCode.NOT_CONFIGURED, ZoomMessages.notConfigured);
    return zoomFetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: 'application/json',
        ...(json ? { 'Content-Type': 'application/json' } : {}),
      },
      body: json ? JSON.stringify(json) : undefined,
    });
  }

  /** The body of an expected answer, or Zoom's refusal as a domain error. */
  private expect(res: ZoomResponse, status: number, route: string): Record<string, unknown> {
    if (res.status === status && res.json) return res.json;
    const code = Number(res.json?.code);
    if (res.status === 401 && code === INVALID_ACCESS_TOKEN) throw new ZoomAccessTokenRejectedError();
    if (res.status === 429) throw zoomRateLimited(res, this.clock.now());
    if (code === CANNOT_HOST) throw new DomainError(ZoomErrorCode.CANNOT_HOST, ZoomMessages.cannotHost);
    if (res.status === 401) throw new ZoomAccessTokenRejectedError();
    this.logger.warn(
      `Zoom ${route} answered HTTP ${res.status}${Number.isFinite(code) ? ` code ${code}` : ''}${res.json ? '' : ' (not JSON)'}`,
    );
    throw zoomUnavailable();
  }
}
