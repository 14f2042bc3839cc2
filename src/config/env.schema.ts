import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Password hashing cost (log2 of scrypt's N): production never runs below the default. */
export const PRODUCTION_PASSWORD_HASH_COST = 17;
const MIN_PASSWORD_HASH_COST = 10;
/** 2^18 with r=8 is 256 MiB per hash; the hasher runs up to three at once. */
export const MAX_PASSWORD_HASH_COST = 18;

/** Every environment variable the processes read, validated once at boot. */
export class EnvSchema {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Unset: http://localhost:$PORT (AppConfig.appUrl). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?(\/.*)?$/, { message: 'must be an http(s) URL' })
  APP_URL?: string;

  @Transform(emptyToUndefined)
  @Matches(/^(mysql|mariadb):\/\/.+|^sqlite:.+/, { message: 'must be mysql://user:pass@host:3306/db or sqlite:<path>' })
  DATABASE_URL = 'sqlite:./data/app.sqlite';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ENCRYPTION_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ENCRYPTION_KEYS_PREVIOUS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZOOM_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZOOM_CLIENT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' })
  ZOOM_REDIRECT_URI?: string;

  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' })
  ZOOM_OAUTH_BASE_URL = 'https://zoom.us';

  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' })
  ZOOM_API_BASE_URL = 'https://api.zoom.us/v2';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZOOM_WEBHOOK_SECRET_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'must be smtp://host:port' })
  SMTP_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MAIL_FROM = 'MyLawyerLink <no-reply@localhost>';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  WORKER_POLL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WORKER_RETRY_BASE_MS = 30000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  WORKER_LEASE_MS = 60000;

  /** Memory for serialized timeline pages, checked against the database on every read; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  TIMELINE_CACHE_MB = 32;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' })
  SMS_API_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMS_ACCOUNT_SID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMS_AUTH_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMS_FROM?: string;

  @Transform(emptyToUndefined)
  @IsString()
  TRUST_PROXY = 'loopback';

  /**
   * scrypt's cost for new password hashes, as log2 N: 17 is OWASP's baseline (128 MiB, about 0.5 s).
   * Lower only for test suites (refused in production); each hash keeps its own N, so any cost verifies.
   */
  @Transform(toInt)
  @IsInt()
  @Min(MIN_PASSWORD_HASH_COST)
  @Max(MAX_PASSWORD_HASH_COST)
  PASSWORD_HASH_COST = PRODUCTION_PASSWORD_HASH_COST;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;
}

/** `false`, a hop count, or addresses, subnets and Express's named ranges. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * api.md's TRUST_PROXY: `loopback`, `false`, a hop count, or a comma-separated list of addresses and
 * subnets. Null for anything else (`true` included: trusting every hop lets any client pick its address).
 */
export function parseTrustProxy(raw: string): TrustProxy | null {
  const value = raw.trim();
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) <= 100 ? Number(value) : null;
  const entries = value.split(',').map((e) => e.trim());
  return entries.length > 0 && entries.every(isAddressOrSubnet) ? entries : null;
}

/** Variables whose values must never be echoed, not even in a validation error. */
export const SECRET_VARIABLES = [
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_PREVIOUS',
  'ZOOM_CLIENT_SECRET',
  'ZOOM_WEBHOOK_SECRET_TOKEN',
  'SMS_AUTH_TOKEN',
  'DATABASE_URL',
  'SMTP_URL',
];

const PLACEHOLDER = /^(change-?me|changeme|secret|placeholder|xxx+|todo|<.*>)$/i;

export class ConfigValidationError extends Error {}

/** Validates the environment; the message names variables, never their values. */
export function validateEnv(raw: Record<string, unknown>): EnvSchema {
  const env = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false, skipMissingProperties: false }).map(
    (e) =>
      `${e.property} ${Object.values(e.constraints ?? {})
        .map((m) => m.replace(`${e.property} `, ''))
        .join(', ')}`,
  );
  if (parseTrustProxy(env.TRUST_PROXY) === null) {
    problems.push(
      'TRUST_PROXY must be loopback, false, a hop count, or a comma-separated list of addresses and subnets',
    );
  }
  if (!env.ENCRYPTION_KEY && !env.DATABASE_URL.startsWith('sqlite:')) {
    // Only the embedded mode may make its own key: a server database is shared by instances that must agree on one.
    problems.push('ENCRYPTION_KEY is required with a MySQL DATABASE_URL');
  }
  if (env.NODE_ENV === 'production') {
    if (!env.ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY is required when NODE_ENV=production');
    if (env.PASSWORD_HASH_COST < PRODUCTION_PASSWORD_HASH_COST)
      problems.push(`PASSWORD_HASH_COST must be at least ${PRODUCTION_PASSWORD_HASH_COST} when NODE_ENV=production`);
    for (const name of [
      'ENCRYPTION_KEY',
      'ZOOM_CLIENT_SECRET',
      'ZOOM_WEBHOOK_SECRET_TOKEN',
      'SMS_AUTH_TOKEN',
    ] as const) {
      const value = env[name];
      if (value && PLACEHOLDER.test(value)) problems.push(`${name} holds a placeholder, not a real secret`);
    }
  }
  const keys: Array<[string, string[]]> = [
    ['ENCRYPTION_KEY', env.ENCRYPTION_KEY ? [env.ENCRYPTION_KEY] : []],
    [
      'ENCRYPTION_KEYS_PREVIOUS',
      (env.ENCRYPTION_KEYS_PREVIOUS ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ],
  ];
  for (const [name, values] of keys) {
    if (values.some((value) => Buffer.from(value, 'base64').length !== 32)) {
      problems.push(`${name} must be 32 bytes encoded in base64`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(`Invalid configuration:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  return env;
}
