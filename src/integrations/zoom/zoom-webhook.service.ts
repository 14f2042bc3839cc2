import { Injectable, Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Clock } from '../../common/clock.js';
import { CommonErrorCode, DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { ZoomConnectionService } from './zoom-connection.service.js';
import { ZoomErrorCode } from './zoom.errors.js';

const MAX_AGE_SECONDS = 5 * 60;

const refused = (): DomainError =>
  new DomainError(ZoomErrorCode.WEBHOOK_UNAUTHORIZED, 'The webhook signature is missing, wrong or too old.');

/** Zoom's signed webhooks: v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"), checked in constant time. */
@Injectable()
export class ZoomWebhookService {
  private readonly logger = new Logger(ZoomWebhookService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly connections: ZoomConnectionService,
    private readonly clock: Clock,
  ) {}

  async handle(rawBody: Buffer | undefined, signature: unknown, timestamp: unknown): Promise<Record<string, unknown>> {
    const secret = this.config.zoomWebhookSecret;
    if (!secret || !rawBody) throw refused();
    this.verify(secret, rawBody, signature, timestamp);
    let event: { event?: unknown; payload?: Record<string, unknown> };
    try {
      event = JSON.parse(rawBody.toString('utf8')) as typeof event;
    } catch {
      throw new DomainError(CommonErrorCode.BAD_REQUEST, 'The webhook body is not valid JSON.');
    }
    const payload = event.payload ?? {};
    if (event.event === 'endpoint.url_validation' && typeof payload.plainToken === 'string') {
      return {
        plainToken: payload.plainToken,
        encryptedToken: createHmac('sha256', secret).update(payload.plainToken).digest('hex'),
      };
    }
    if (event.event === 'app_deauthorized' && typeof payload.user_id === 'string') {
      const removed = await this.connections.deauthorized(payload.user_id);
      this.logger.log(`Zoom app deauthorized by a Zoom user: ${removed} connection(s) removed`);
    }
    return {};
  }

  private verify(secret: string, rawBody: Buffer, signature: unknown, timestamp: unknown): void {
    if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
      throw refused();
    const ageSeconds = Math.abs(this.clock.now().getTime() / 1000 - Number(timestamp));
    if (ageSeconds > MAX_AGE_SECONDS) throw refused();
    const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
    const given = Buffer.from(signature, 'utf8');
    const wanted = Buffer.from(expected, 'utf8');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw refused();
  }
}
