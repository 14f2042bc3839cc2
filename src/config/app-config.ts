import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { embeddedEncryptionKey, embeddedKeyPath } from './embedded-key.js';
import { parseTrustProxy, validateEnv, type EnvSchema, type TrustProxy } from './env.schema.js';

export const APP_ENV = 'app';

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

export interface WorkerConfig {
  /** How often an idle worker looks for due deliveries. */
  pollMs: number;
  /** The first retry delay; each further attempt waits longer. */
  retryBaseMs: number;
  /** How long a claimed delivery stays the worker's before another may take it. */
  leaseMs: number;
}

/**
 * Typed, validated configuration; the one place that knows variable names. Everything else reads
 * settings through these getters (eslint.config.js refuses process.env and @nestjs/config elsewhere).
 */
@Injectable()
export class AppConfig {
  private readonly logger = new Logger(AppConfig.name);
  private readonly env: EnvSchema;
  private embeddedKey: string | undefined;

  constructor(config: ConfigService) {
    this.env = config.getOrThrow<EnvSchema>(APP_ENV);
    if (!this.env.ZOOM_CLIENT_ID !== !this.env.ZOOM_CLIENT_SECRET) {
      this.logger.warn(
        'Only one of ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET is set: Zoom stays unavailable until both are.',
      );
    }
  }

  /** A configuration from a plain environment, validated as at boot: for specs and tools that build a service by hand. */
  static fromEnvironment(env: Record<string, string | undefined>): AppConfig {
    return new AppConfig(new ConfigService({ [APP_ENV]: validateEnv(env) }));
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get port(): number {
    return this.env.PORT;
  }

  /** APP_URL, else this process's own port on localhost, so OAuth redirects and feed URLs follow PORT. */
  get appUrl(): string {
    return (this.env.APP_URL ?? `http://localhost:${this.env.PORT}`).replace(/\/+$/, '');
  }

  /** TRUST_PROXY as Express's `trust proxy` setting takes it (validated at boot). */
  get trustProxy(): TrustProxy {
    return parseTrustProxy(this.env.TRUST_PROXY) ?? false;
  }

  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }

  /** scrypt's N for new password hashes (a hash made at another N still verifies: each keeps its own). */
  get passwordHashN(): number {
    return 2 ** this.env.PASSWORD_HASH_COST;
  }

  /** The key that encrypts, then the older keys that may still decrypt. */
  get encryptionKeys(): { current: string; previous: string[] } {
    return {
      current: this.env.ENCRYPTION_KEY ?? this.embeddedModeKey(),
      previous: (this.env.ENCRYPTION_KEYS_PREVIOUS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    };
  }

  /** Only the embedded SQLite mode runs without ENCRYPTION_KEY (validateEnv refuses the rest). */
  private embeddedModeKey(): string {
    if (this.embeddedKey === undefined) {
      const path = this.env.DATABASE_URL.slice('sqlite:'.length);
      this.embeddedKey = embeddedEncryptionKey(path);
      // At debug: the server's start-up line names the key file (main.ts).
      if (path !== ':memory:')
        this.logger.debug(
          `ENCRYPTION_KEY is not set: using this installation's own key, kept in ${embeddedKeyPath(path)}`,
        );
    }
    return this.embeddedKey;
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
    const {
      SMS_API_BASE_URL: baseUrl,
      SMS_ACCOUNT_SID: accountSid,
      SMS_AUTH_TOKEN: authToken,
      SMS_FROM: from,
    } = this.env;
    if (!baseUrl || !accountSid || !authToken || !from) return null;
    return { baseUrl: baseUrl.replace(/\/+$/, ''), accountSid, authToken, from };
  }

  /** pino's level: LOG_LEVEL, else warn under test and info otherwise. */
  get logLevel(): string {
    return this.env.LOG_LEVEL ?? (this.env.NODE_ENV === 'test' ? 'warn' : 'info');
  }

  /** Memory for serialized timeline pages, in bytes (TIMELINE_CACHE_MB); 0 turns the cache off. */
  get timelineCacheBytes(): number {
    return this.env.TIMELINE_CACHE_MB * 2 ** 20;
  }

  /** The delivery worker's pace. */
  get worker(): WorkerConfig {
    return {
      pollMs: this.env.WORKER_POLL_MS,
      retryBaseMs: this.env.WORKER_RETRY_BASE_MS,
      leaseMs: this.env.WORKER_LEASE_MS,
    };
  }

  /** Zoom's OAuth server, whether or not a client id and secret are set (the strategy is built either way). */
  get zoomOAuthBaseUrl(): string {
    return this.env.ZOOM_OAUTH_BASE_URL.replace(/\/+$/, '');
  }

  /** SMS_API_BASE_URL is set but the account SID, auth token or sender is not: SmsSender warns at boot. */
  get smsApiIncomplete(): boolean {
    return this.smsApi === null && this.env.SMS_API_BASE_URL !== undefined;
  }

  /** No ENCRYPTION_KEY: the embedded SQLite mode's own key file is in use. */
  get usesEmbeddedKey(): boolean {
    return !this.env.ENCRYPTION_KEY;
  }
}
