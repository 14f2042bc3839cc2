import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type SmsApiConfig } from '../../config/app-config.js';
import { SendFailure, shortText, type SentMessage } from './send-failure.js';

export interface OutgoingSms {
  /** E.164. */
  to: string;
  body: string;
}

const TIMEOUT_MS = 10_000;

/** Sends SMS through a Twilio-compatible Messages API; without one configured it writes each SMS to the log instead. */
@Injectable()
export class SmsSender {
  private readonly logger = new Logger(SmsSender.name);
  private readonly api: SmsApiConfig | null;

  constructor(config: AppConfig) {
    this.api = config.smsApi;
    if (config.smsApiIncomplete) {
      this.logger.warn(
        'SMS_API_BASE_URL is set but SMS_ACCOUNT_SID, SMS_AUTH_TOKEN or SMS_FROM is not: SMS are written to the log, not sent.',
      );
    }
  }

  /** Resolves with the provider's message sid once it accepted the SMS; throws SendFailure otherwise. */
  async send(sms: OutgoingSms): Promise<SentMessage> {
    if (!this.api) {
      // The body carries the join link: the log gets its size, not its text.
      this.logger.log(
        { to: sms.to, bodyLength: sms.body.length },
        'SMS_API_BASE_URL is not set: SMS written to the log, not sent',
      );
      return { providerId: null };
    }
    const { baseUrl, accountSid, authToken, from } = this.api;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({ To: sms.to, From: from, Body: sms.body }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new SendFailure(
        timedOut
          ? `The SMS provider did not answer within ${TIMEOUT_MS / 1000} seconds`
          : 'Could not reach the SMS provider',
        false,
      );
    }
    const payload = (await response.json().catch(() => null)) as {
      sid?: unknown;
      code?: unknown;
      message?: unknown;
    } | null;
    if (response.ok) return { providerId: typeof payload?.sid === 'string' ? payload.sid : null };
    throw toSendFailure(response, payload);
  }
}

function toSendFailure(response: Response, payload: { code?: unknown; message?: unknown } | null): SendFailure {
  const { status } = response;
  const code =
    typeof payload?.code === 'number' || typeof payload?.code === 'string'
      ? ` (error ${shortText(String(payload.code), 12)})`
      : '';
  const detail = shortText(payload?.message);
  const message = `The SMS provider answered ${status}${code}${detail ? `: ${detail}` : ''}`;
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return new SendFailure(
    message,
    permanent,
    status === 429 ? retryAfterSeconds(response.headers.get('retry-after')) : undefined,
  );
}

/** Retry-After is either seconds or an HTTP date. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
