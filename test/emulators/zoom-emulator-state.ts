import { createHash, randomBytes, randomInt } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';

export interface ZoomUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  type: 1 | 2;
  timezone: string;
  account_id: string;
}

export interface AddUserInput {
  email: string;
  firstName?: string;
  lastName?: string;
  type?: 1 | 2;
  /** IANA zone used for local start_time without an explicit timezone. Default 'UTC'. */
  timezone?: string;
}

export interface ZoomMeeting {
  id: number;
  uuid: string;
  host_id: string;
  host_email: string;
  topic: string;
  type: number;
  status: 'waiting';
  start_time: string;
  duration: number;
  timezone: string;
  agenda?: string;
  created_at: string;
  start_url: string;
  join_url: string;
  password: string;
  h323_password: string;
  pstn_password: string;
  encrypted_password: string;
  pre_schedule: boolean;
  settings: Record<string, unknown>;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  refresh_token: string;
  expires_in: number;
  scope: string;
  api_url: string;
}

/** An OAuth error in Zoom's `{reason, error}` shape, with its HTTP status. */
export interface OAuthError {
  status: number;
  body: { reason: string; error: string };
}

export interface ValidationError {
  field: string;
  message: string;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  userEmail: string;
  expiresAt: number;
}

interface Grant {
  userEmail: string;
  clientId: string;
  revoked: boolean;
  currentRefreshToken: string;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

const AUTH_CODE_TTL_MS = 5 * 60 * 1000;
const SCOPE = 'meeting:write:meeting user:read:user';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UTC_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";
const UTC_START_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const LOCAL_START_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const MEETING_TYPES = new Set([1, 2, 3, 8, 10]);

export function randomString(length: number, alphabet = BASE62): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function opaqueToken(): string {
  return 'eyJ' + randomBytes(48).toString('base64url');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function utcNow(): string {
  return DateTime.utc().toFormat(UTC_FORMAT);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Users, authorization codes, grants and tokens: the OAuth side of the emulator. */
export class ZoomOAuthState {
  readonly users = new Map<string, ZoomUser>();
  private signedInEmail: string | null = null;
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants: Grant[] = [];
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly issued: string[] = [];

  addUser(input: AddUserInput): ZoomUser {
    const key = input.email.toLowerCase();
    if (this.users.has(key)) throw new Error(`Zoom emulator: user ${input.email} already exists`);
    const user: ZoomUser = {
      id: randomString(22),
      email: input.email,
      first_name: input.firstName ?? 'Zoom',
      last_name: input.lastName ?? 'User',
      type: input.type ?? 2,
      timezone: input.timezone ?? 'UTC',
      account_id: randomString(22),
    };
    this.users.set(key, user);
    return user;
  }

  getUser(email: string): ZoomUser | undefined {
    return this.users.get(email.toLowerCase());
  }

  requireUser(email: string): ZoomUser {
    const user = this.getUser(email);
    if (!user) throw new Error(`Zoom emulator: unknown user ${email}`);
    return user;
  }

  setSignedInUser(email: string): void {
    this.signedInEmail = this.requireUser(email).email;
  }

  /** The user who approves the next consent; created on demand like a first-time Zoom sign-in. */
  signedInUser(): ZoomUser {
    if (this.signedInEmail) return this.requireUser(this.signedInEmail);
    const first = this.users.values().next();
    if (!first.done) return first.value;
    const user = this.addUser({ email: 'zoom.user@example.com' });
    this.signedInEmail = user.email;
    return user;
  }

  issueCode(params: Omit<AuthCode, 'expiresAt'>): string {
    const code = randomString(32);
    this.codes.set(code, { ...params, expiresAt: Date.now() + AUTH_CODE_TTL_MS });
    return code;
  }

  exchangeCode(
    clientId: string,
    code: string,
    redirectUri: string | null,
    verifier: string | null,
    ttlSeconds: number,
    apiUrl: string,
  ): TokenResponse | OAuthError {
    const stored = this.codes.get(code);
    // Any attempt burns the code, so a failed exchange cannot be retried with the same code.
    this.codes.delete(code);
    const invalidCode = invalidGrant(`Invalid authorization code ${code}`);
    if (!stored || stored.expiresAt <= Date.now() || stored.clientId !== clientId) return invalidCode;
    if (redirectUri !== stored.redirectUri) return invalidGrant('Invalid redirect uri.');
    if (stored.codeChallenge !== undefined) {
      const expected = stored.codeChallengeMethod === 'S256' && verifier !== null ? s256(verifier) : verifier;
      if (verifier === null || expected !== stored.codeChallenge) return invalidGrant('Invalid code_verifier');
    }
    const grant: Grant = { userEmail: stored.userEmail, clientId, revoked: false, currentRefreshToken: '' };
    this.grants.push(grant);
    return this.issueTokens(grant, ttlSeconds, apiUrl);
  }

  refresh(clientId: string, refreshToken: string, ttlSeconds: number, apiUrl: string): TokenResponse | OAuthError {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.revoked || grant.clientId !== clientId || grant.currentRefreshToken !== refreshToken) {
      return invalidGrant('Invalid Token!');
    }
    return this.issueTokens(grant, ttlSeconds, apiUrl);
  }

  /** Revokes the whole grant the token belongs to; false when the token is unknown or already dead. */
  revoke(clientId: string, token: string): boolean {
    const grant = this.accessTokens.get(token)?.grant ?? this.refreshTokens.get(token);
    if (!grant || grant.revoked || grant.clientId !== clientId) return false;
    if (this.refreshTokens.has(token) && grant.currentRefreshToken !== token) return false;
    grant.revoked = true;
    return true;
  }

  revokeUserGrants(email: string): void {
    for (const grant of this.grantsOf(email)) grant.revoked = true;
  }

  expireAccessTokens(email?: string): void {
    const now = Date.now();
    for (const record of this.accessTokens.values()) {
      if (email === undefined || record.grant.userEmail.toLowerCase() === email.toLowerCase()) {
        record.expiresAt = Math.min(record.expiresAt, now);
      }
    }
  }

  /** The user owning a live access token, or null (→ code 124). */
  authenticate(authorization: string | undefined): ZoomUser | null {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const record = match ? this.accessTokens.get(match[1]) : undefined;
    if (!record || record.grant.revoked || record.expiresAt <= Date.now()) return null;
    return this.getUser(record.grant.userEmail) ?? null;
  }

  liveRefreshTokens(): string[] {
    return this.grants.filter((g) => !g.revoked).map((g) => g.currentRefreshToken);
  }

  allIssuedTokens(): string[] {
    return [...this.issued];
  }

  private grantsOf(email: string): Grant[] {
    return this.grants.filter((g) => g.userEmail.toLowerCase() === email.toLowerCase());
  }

  private issueTokens(grant: Grant, ttlSeconds: number, apiUrl: string): TokenResponse {
    const accessToken = opaqueToken();
    const refreshToken = opaqueToken();
    this.accessTokens.set(accessToken, { grant, expiresAt: Date.now() + ttlSeconds * 1000 });
    this.refreshTokens.set(refreshToken, grant);
    grant.currentRefreshToken = refreshToken;
    this.issued.push(accessToken, refreshToken);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      refresh_token: refreshToken,
      expires_in: ttlSeconds,
      scope: SCOPE,
      api_url: apiUrl,
    };
  }
}

function invalidGrant(reason: string): OAuthError {
  return { status: 400, body: { reason, error: 'invalid_grant' } };
}

/** Zoom's field checks for POST /users/{userId}/meetings; returns every failing field. */
export function validateMeetingBody(body: Record<string, unknown>): ValidationError[] {
  const errors: ValidationError[] = [];
  const { topic, agenda, type, start_time: startTime, duration, timezone, password } = body;
  if (topic !== undefined && (typeof topic !== 'string' || topic.length > 200)) {
    errors.push({ field: 'topic', message: 'Topic must be a string of at most 200 characters.' });
  }
  if (agenda !== undefined && (typeof agenda !== 'string' || agenda.length > 2000)) {
    errors.push({ field: 'agenda', message: 'Agenda must be a string of at most 2000 characters.' });
  }
  if (type !== undefined && !(typeof type === 'number' && MEETING_TYPES.has(type))) {
    errors.push({ field: 'type', message: 'Invalid field.' });
  }
  if (duration !== undefined && !isPositiveInteger(duration)) {
    errors.push({ field: 'duration', message: 'Duration must be a positive integer (minutes).' });
  }
  if (timezone !== undefined && (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone))) {
    errors.push({ field: 'timezone', message: 'Invalid timezone.' });
  }
  if (startTime !== undefined && !isValidStartTime(startTime)) {
    errors.push({ field: 'start_time', message: 'Invalid field.' });
  }
  if (password !== undefined && !(typeof password === 'string' && /^[A-Za-z0-9@\-_*]{1,10}$/.test(password))) {
    errors.push({
      field: 'password',
      message: 'Passcode may only contain [a-z A-Z 0-9 @ - _ *] and be at most 10 characters.',
    });
  }
  if (body.settings !== undefined && !isObject(body.settings)) {
    errors.push({ field: 'settings', message: 'Invalid field.' });
  }
  return errors;
}

function isValidStartTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (!UTC_START_TIME.test(value) && !LOCAL_START_TIME.test(value)) return false;
  return DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** Zoom reads a start_time without `Z` as wall-clock time in `timezone` (or the host's zone). */
export function toUtcStartTime(startTime: string | undefined, zone: string): string {
  if (startTime === undefined) return utcNow();
  const parsed = UTC_START_TIME.test(startTime)
    ? DateTime.fromISO(startTime, { zone: 'utc' })
    : DateTime.fromISO(startTime, { zone });
  return parsed.toUTC().toFormat(UTC_FORMAT);
}

export function buildMeeting(user: ZoomUser, body: Record<string, unknown>): { meeting: ZoomMeeting; zak: string } {
  const id = randomInt(10_000_000_000, 100_000_000_000);
  const timezone = typeof body.timezone === 'string' ? body.timezone : user.timezone;
  const zak = opaqueToken();
  const encryptedPassword = randomString(32);
  const meeting: ZoomMeeting = {
    id,
    uuid: randomBytes(16).toString('base64'),
    host_id: user.id,
    host_email: user.email,
    topic: typeof body.topic === 'string' ? body.topic : 'Zoom Meeting',
    type: typeof body.type === 'number' ? body.type : 2,
    status: 'waiting',
    start_time: toUtcStartTime(body.start_time as string | undefined, timezone),
    duration: typeof body.duration === 'number' ? body.duration : 60,
    timezone,
    created_at: utcNow(),
    start_url: `https://zoom.us/s/${id}?zak=${zak}`,
    join_url: `https://zoom.us/j/${id}?pwd=${encryptedPassword}`,
    password: typeof body.password === 'string' ? body.password : randomString(6),
    h323_password: randomString(6, '0123456789'),
    pstn_password: randomString(6, '0123456789'),
    encrypted_password: encryptedPassword,
    pre_schedule: false,
    settings: {
      host_video: false,
      participant_video: false,
      join_before_host: false,
      mute_upon_entry: false,
      waiting_room: true,
      approval_type: 2,
      audio: 'voip',
      auto_recording: 'none',
      ...(isObject(body.settings) ? body.settings : {}),
    },
  };
  if (typeof body.agenda === 'string') meeting.agenda = body.agenda;
  return { meeting, zak };
}
