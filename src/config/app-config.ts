import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvSchema } from './env.schema.js';

export const APP_ENV = 'app';

// A fixed, public key: only ever used when no ENCRYPTION_KEY is set outside production.
const DEVELOPMENT_KEY = Buffer.from('mylawyerlink-development-key-32b').toString('base64');

export interface ZoomAppConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  oauthBaseUrl: string;
  apiBaseUrl: string;
}

export interface MailConfig {
  /** Null: emails are written to the log instead of sent. */
  smtpUrl: string | null;
  from: string;
}

export interface SmsApiConfig {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
}

/** Typed, validated configuration; the one place that knows variable names. */
@Injectable()
export class AppConfig {
  private static warnedAboutDevelopmentKey = false;
  private readonly logger = new Logger(AppConfig.name);
  readonly env: EnvSchema;

  constructor(config: ConfigService) {
    this.env = config.getOrThrow<EnvSchema>(APP_ENV);
    if (!this.env.ZOOM_CLIENT_ID !== !this.env.ZOOM_CLIENT_SECRET) {
      this.logger.warn('Only one of ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET is set: Zoom stays unavailable until both are.');
    }
    if (!this.env.ENCRYPTION_KEY && !AppConfig.warnedAboutDevelopmentKey) {
      AppConfig.warnedAboutDevelopmentKey = true;
      this.logger.warn('ENCRYPTION_KEY is not set: using the public development key. Never do this with real data.');
    }
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get port(): number {
    return this.env.PORT;
  }

  get appUrl(): string {
    return this.env.APP_URL.replace(/\/+$/, '');
  }

  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }

  /** The key that encrypts, then the older keys that may still decrypt. */
  get encryptionKeys(): { current: string; previous: string[] } {
    return {
      current: this.env.ENCRYPTION_KEY ?? DEVELOPMENT_KEY,
      previous: (this.env.ENCRYPTION_KEYS_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    };
  }

  /** Null unless both client id and secret are set. */
  get zoom(): ZoomAppConfig | null {
    const { ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret } = this.env;
    if (!clientId || !clientSecret) return null;
    return {
      clientId,
      clientSecret,
      redirectUri: this.env.ZOOM_REDIRECT_URI ?? `${this.appUrl}/api/v1/integrations/zoom/callback`,
      oauthBaseUrl: this.env.ZOOM_OAUTH_BASE_URL.replace(/\/+$/, ''),
      apiBaseUrl: this.env.ZOOM_API_BASE_URL.replace(/\/+$/, ''),
    };
  }

  get zoomWebhookSecret(): string | null {
    return this.env.ZOOM_WEBHOOK_SECRET_TOKEN ?? null;
  }

  get mail(): MailConfig {
    // An empty MAIL_FROM= arrives as undefined, not as the schema's default.
    return { smtpUrl: this.env.SMTP_URL ?? null, from: this.env.MAIL_FROM ?? 'MyLawyerLink <no-reply@localhost>' };
  }

  /** Null unless the base URL, account SID, auth token and sender are all set. */
  get smsApi(): SmsApiConfig | null {
    const { SMS_API_BASE_URL: baseUrl, SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: from } = this.env;
    if (!baseUrl || !accountSid || !authToken || !from) return null;
    return { baseUrl: baseUrl.replace(/\/+$/, ''), accountSid, authToken, from };
  }
}
