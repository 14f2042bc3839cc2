import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { URL } from 'node:url';
import {
  buildMeeting,
  validateMeetingBody,
  ZoomOAuthState,
  type AddUserInput,
  type OAuthError,
  type TokenResponse,
  type ZoomMeeting,
  type ZoomUser,
} from './zoom-emulator-state.js';
import { CONSENT_PARAMS, renderConsentPage, wantsHtml, type ConsentDecision } from './zoom-emulator-consent.js';

export type { AddUserInput, TokenResponse, ZoomMeeting, ZoomUser } from './zoom-emulator-state.js';

export interface ZoomEmulatorOptions {
  clientId: string;
  clientSecret: string;
  /** Default 3599, like Zoom. */
  accessTokenTtlSeconds?: number;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /**
   * Show the consent page (sign in as a user, Allow or Deny) on every GET /oauth/authorize. Off (the
   * default): only a request whose Accept names text/html (a browser) gets the page; fetch, curl and the
   * jest factories get today's automatic answer (setConsent decides).
   */
  consentPage?: boolean;
}

export type ZoomRoute = 'token' | 'revoke' | 'users/me' | 'meetings';

export type ZoomFault =
  | { status: 500 }
  | { status: 429; retryAfterSeconds: number }
  | { status: 401; code: 124 }
  | { nonJson: true }
  | { delayMs: number };

export interface RecordedMeeting {
  userEmail: string;
  userId: string;
  requestBody: unknown;
  response: ZoomMeeting;
}

/** One request as it arrived (before any fault or delay), in order: what Zoom saw, and when. */
export interface ZoomRequestRecord {
  route: ZoomRoute | 'authorize';
  /** For token requests: authorization_code or refresh_token. */
  grantType?: string;
  at: number;
}

export interface ZoomCounts {
  codeExchanges: number;
  refreshes: number;
  revokes: number;
  meetingsByUser: Record<string, number>;
  usersMe: number;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_DAILY_MEETING_LIMIT = 100;
const INVALID_TOKEN = { code: 124, message: 'Invalid access token.' };
const ROUTES: ZoomRoute[] = ['token', 'revoke', 'users/me', 'meetings'];

interface PendingSleep {
  timer: NodeJS.Timeout;
  resolve: (completed: boolean) => void;
}

function emptyCounts(): ZoomCounts {
  return { codeExchanges: 0, refreshes: 0, revokes: 0, meetingsByUser: {}, usersMe: 0 };
}

function perRoute<T>(make: () => T): Record<ZoomRoute, T> {
  return Object.fromEntries(ROUTES.map((r) => [r, make()])) as Record<ZoomRoute, T>;
}

function isOAuthError(result: TokenResponse | OAuthError): result is OAuthError {
  return 'status' in result;
}

function secondsUntilUtcMidnight(now = new Date()): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

/** In-process HTTP emulator of Zoom's OAuth (zoom.us) and REST (api.zoom.us/v2) endpoints. */
export class ZoomEmulator {
  /** Parsed query of every GET /oauth/authorize, in order. */
  readonly authorizeRequests: Record<string, string>[] = [];
  readonly meetings: RecordedMeeting[] = [];
  /** Every request to a known route, in arrival order, failed and faulted ones included. */
  readonly requestLog: ZoomRequestRecord[] = [];
  counts: ZoomCounts = emptyCounts();
  /** Every POST /oauth/token, including failures and injected faults. */
  tokenRequests = 0;

  private readonly state = new ZoomOAuthState();
  private server: Server | null = null;
  private port = 0;
  private accessTokenTtl: number;
  private consent: 'approve' | 'deny' = 'approve';
  private consentPageAlways: boolean;
  private dailyMeetingLimit = DEFAULT_DAILY_MEETING_LIMIT;
  private readonly cannotHost = new Set<string>();
  private dailyMeetingUsage = new Map<string, number>();
  private faults = perRoute<ZoomFault[]>(() => []);
  private delays = perRoute(() => 0);
  private readonly pendingSleeps = new Set<PendingSleep>();
  private readonly startUrlSecrets: string[] = [];

  constructor(private readonly options: ZoomEmulatorOptions) {
    this.accessTokenTtl = options.accessTokenTtlSeconds ?? 3599;
    this.consentPageAlways = options.consentPage ?? false;
  }

  get baseUrl(): string {
    if (!this.server) throw new Error('Zoom emulator is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  get apiBaseUrl(): string {
    return `${this.baseUrl}/v2`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.json(res, 500, { code: 500, message: String(err) });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Started again after stop(), it listens where it did, so apps configured with its URL reach it again.
      server.listen(this.options.port ?? this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const pending of this.pendingSleeps) {
      clearTimeout(pending.timer);
      pending.resolve(false);
    }
    this.pendingSleeps.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- users and consent -------------------------------------------------

  addUser(input: AddUserInput): ZoomUser {
    return this.state.addUser(input);
  }

  getUser(email: string): ZoomUser | undefined {
    return this.state.getUser(email);
  }

  setSignedInUser(email: string): void {
    this.state.setSignedInUser(email);
  }

  setConsent(consent: 'approve' | 'deny'): void {
    this.consent = consent;
  }

  /** Whether every authorize shows the consent page (see ZoomEmulatorOptions.consentPage). */
  setConsentPage(on: boolean): void {
    this.consentPageAlways = on;
  }

  setCannotHost(email: string, cannotHost: boolean): void {
    const key = email.toLowerCase();
    if (cannotHost) this.cannotHost.add(key);
    else this.cannotHost.delete(key);
  }

  setDailyMeetingLimit(limit: number): void {
    this.dailyMeetingLimit = limit;
  }

  // ---- tokens ------------------------------------------------------------

  setAccessTokenTtl(seconds: number): void {
    this.accessTokenTtl = seconds;
  }

  expireAccessTokens(email?: string): void {
    this.state.expireAccessTokens(email);
  }

  /** As if the user removed the app in the Zoom Marketplace (no deauthorization webhook). */
  revokeGrantSilently(email: string): void {
    this.state.revokeUserGrants(email);
  }

  liveRefreshTokens(): string[] {
    return this.state.liveRefreshTokens();
  }

  allIssuedTokens(): string[] {
    return this.state.allIssuedTokens();
  }

  /** Every start_url and zak value returned so far. */
  issuedStartUrls(): string[] {
    return [...this.startUrlSecrets];
  }

  meetingsFor(email: string): number {
    return this.meetings.filter((m) => m.userEmail.toLowerCase() === email.toLowerCase()).length;
  }

  // ---- fault injection ---------------------------------------------------

  failNext(route: ZoomRoute, count: number, fault: ZoomFault): void {
    for (let i = 0; i < count; i++) this.faults[route].push(fault);
  }

  /** Requests held right now by a delay (setDelay or a delay fault): they arrived and are not yet answered. */
  get heldRequests(): number {
    return this.pendingSleeps.size;
  }

  setDelay(route: ZoomRoute, ms: number): void {
    this.delays[route] = ms;
  }

  /** Clears faults, delays, knobs, counters and request logs; users, grants and tokens survive. */
  reset(): void {
    this.faults = perRoute<ZoomFault[]>(() => []);
    this.delays = perRoute(() => 0);
    this.counts = emptyCounts();
    this.tokenRequests = 0;
    this.dailyMeetingUsage = new Map();
    this.dailyMeetingLimit = DEFAULT_DAILY_MEETING_LIMIT;
    this.consent = 'approve';
    this.cannotHost.clear();
    this.accessTokenTtl = this.options.accessTokenTtlSeconds ?? 3599;
    this.authorizeRequests.length = 0;
    this.meetings.length = 0;
    this.requestLog.length = 0;
  }

  /** The token requests Zoom received with this grant type (code exchanges or refreshes), answered or not. */
  tokenRequestsOf(grantType: 'authorization_code' | 'refresh_token'): ZoomRequestRecord[] {
    return this.requestLog.filter((r) => r.route === 'token' && r.grantType === grantType);
  }

  // ---- HTTP --------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await this.readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
    this.record(route, req, body);
    switch (route) {
      case 'GET /oauth/authorize':
        return this.authorize(url, req, res);
      case 'POST /oauth/authorize':
        return this.decide(this.form(req, body), res);
      case 'GET /_emulator/meetings':
        return this.json(res, 200, this.meetingsReport(url.searchParams.get('email')));
      case 'POST /_emulator/revoke-grant': {
        const email = url.searchParams.get('email') ?? '';
        if (!this.getUser(email)) return this.json(res, 404, { code: 1001, message: 'User does not exist.' });
        this.revokeGrantSilently(email);
        this.expireAccessTokens(email);
        return this.json(res, 200, { status: 'revoked', email });
      }
      case 'POST /oauth/token':
        this.tokenRequests++;
        if (await this.applyFaults('token', res)) return;
        return this.token(req, body, res);
      case 'POST /oauth/revoke':
        if (await this.applyFaults('revoke', res)) return;
        return this.revoke(req, body, res);
      case 'GET /v2/users/me': {
        if (await this.applyFaults('users/me', res)) return;
        const user = this.state.authenticate(req.headers.authorization);
        if (!user) return this.json(res, 401, INVALID_TOKEN);
        this.counts.usersMe++;
        return this.json(res, 200, user);
      }
      case 'POST /v2/users/me/meetings':
        if (await this.applyFaults('meetings', res)) return;
        return this.createMeeting(req, body, res);
      default:
        if (url.pathname.startsWith('/v2/') && !this.state.authenticate(req.headers.authorization)) {
          return this.json(res, 401, INVALID_TOKEN);
        }
        return this.json(res, 404, { code: 404, message: 'Not Found' });
    }
  }

  private record(route: string, req: IncomingMessage, body: string): void {
    const known: Record<string, ZoomRequestRecord['route']> = {
      'GET /oauth/authorize': 'authorize',
      'POST /oauth/token': 'token',
      'POST /oauth/revoke': 'revoke',
      'GET /v2/users/me': 'users/me',
      'POST /v2/users/me/meetings': 'meetings',
    };
    const name = known[route];
    if (!name) return;
    const grantType = name === 'token' ? (this.form(req, body).get('grant_type') ?? undefined) : undefined;
    this.requestLog.push({ route: name, ...(grantType ? { grantType } : {}), at: Date.now() });
  }

  private authorize(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const query = Object.fromEntries(url.searchParams);
    this.authorizeRequests.push(query);
    const redirect = this.checkAuthorize(query, res);
    if (!redirect) return;
    if (this.consentPageAlways || wantsHtml(req)) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(renderConsentPage(query, this.state.signedInUser().email));
      return;
    }
    const decision: ConsentDecision = this.consent === 'deny' ? 'deny' : 'allow';
    this.redirectWithDecision(
      query,
      redirect,
      decision,
      decision === 'allow' ? this.state.signedInUser().email : '',
      res,
      302,
    );
  }

  /** The consent page's Allow or Deny: the user named in the form signs in (created on first sign-in), then back to the app. */
  private decide(form: URLSearchParams, res: ServerResponse): void {
    const query: Record<string, string> = {};
    for (const name of CONSENT_PARAMS) {
      const value = form.get(name);
      if (value !== null) query[name] = value;
    }
    const redirect = this.checkAuthorize(query, res);
    if (!redirect) return;
    const decision: ConsentDecision = form.get('decision') === 'allow' ? 'allow' : 'deny';
    let email = '';
    if (decision === 'allow') {
      const typed = (form.get('email') ?? '').trim();
      email = typed ? typed : this.state.signedInUser().email;
      if (typed) {
        if (!/^[^\s@]+@[^\s@]+$/.test(typed))
          return this.json(res, 400, { reason: 'Invalid email', error: 'invalid_request' });
        if (!this.getUser(typed)) this.addUser({ email: typed });
        this.setSignedInUser(typed);
        email = this.getUser(typed)!.email;
      }
    }
    // 303: the browser follows with a GET, as after Zoom's own consent form.
    this.redirectWithDecision(query, redirect, decision, email, res, 303);
  }

  /** The redirect_uri to send the browser back to, or null after answering 400 for a bad authorize request. */
  private checkAuthorize(query: Record<string, string>, res: ServerResponse): URL | null {
    const invalidRequest = (reason: string) => {
      this.json(res, 400, { reason, error: 'invalid_request' });
      return null;
    };
    if (query.client_id !== this.options.clientId) return invalidRequest('Invalid client_id');
    if (query.response_type !== 'code') return invalidRequest('Unsupported response_type');
    let redirect: URL;
    try {
      redirect = new URL(query.redirect_uri ?? '');
    } catch {
      return invalidRequest('Invalid redirect_uri');
    }
    const method = query.code_challenge_method ?? 'plain';
    if (query.code_challenge !== undefined && method !== 'S256' && method !== 'plain') {
      return invalidRequest('Invalid code_challenge_method');
    }
    return redirect;
  }

  private redirectWithDecision(
    query: Record<string, string>,
    redirect: URL,
    decision: ConsentDecision,
    userEmail: string,
    res: ServerResponse,
    status: 302 | 303,
  ): void {
    if (decision === 'deny') {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const code = this.state.issueCode({
        clientId: query.client_id!,
        redirectUri: query.redirect_uri!,
        codeChallenge: query.code_challenge,
        codeChallengeMethod: query.code_challenge === undefined ? undefined : (query.code_challenge_method ?? 'plain'),
        userEmail,
      });
      redirect.searchParams.set('code', code);
    }
    if (query.state !== undefined) redirect.searchParams.set('state', query.state);
    res.writeHead(status, { Location: redirect.toString() });
    res.end();
  }

  /** For tests in another process (the browser suite): the meetings created so far, for one user or all. */
  private meetingsReport(email: string | null): {
    count: number;
    meetings: Array<{ userEmail: string; id: number; joinUrl: string }>;
  } {
    const meetings = this.meetings
      .filter((m) => email === null || m.userEmail.toLowerCase() === email.toLowerCase())
      .map((m) => ({ userEmail: m.userEmail, id: m.response.id, joinUrl: m.response.join_url }));
    return { count: meetings.length, meetings };
  }

  private token(req: IncomingMessage, body: string, res: ServerResponse): void {
    if (!this.clientAuthenticated(req)) return this.invalidClient(res);
    const form = this.form(req, body);
    const grantType = form.get('grant_type');
    let result: TokenResponse | OAuthError;
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      result = this.state.exchangeCode(
        this.options.clientId,
        code,
        form.get('redirect_uri'),
        form.get('code_verifier'),
        this.accessTokenTtl,
        this.baseUrl,
      );
      if (!isOAuthError(result)) this.counts.codeExchanges++;
    } else if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      result = this.state.refresh(this.options.clientId, refreshToken, this.accessTokenTtl, this.baseUrl);
      if (!isOAuthError(result)) this.counts.refreshes++;
    } else {
      result = { status: 400, body: { reason: 'Unsupported grant type', error: 'unsupported_grant_type' } };
    }
    if (isOAuthError(result)) return this.json(res, result.status, result.body);
    this.json(res, 200, result);
  }

  private revoke(req: IncomingMessage, body: string, res: ServerResponse): void {
    if (!this.clientAuthenticated(req)) return this.invalidClient(res);
    const token = this.form(req, body).get('token') ?? '';
    if (!this.state.revoke(this.options.clientId, token)) {
      return this.json(res, 400, { reason: 'Invalid Token', error: 'invalid_request' });
    }
    this.counts.revokes++;
    this.json(res, 200, { status: 'success' });
  }

  private createMeeting(req: IncomingMessage, rawBody: string, res: ServerResponse): void {
    const user = this.state.authenticate(req.headers.authorization);
    if (!user) return this.json(res, 401, INVALID_TOKEN);
    const key = user.email.toLowerCase();
    const usageKey = `${key}|${new Date().toISOString().slice(0, 10)}`;
    const used = this.dailyMeetingUsage.get(usageKey) ?? 0;
    if (used >= this.dailyMeetingLimit) {
      return this.json(
        res,
        429,
        {
          code: 429,
          message: `You have exceeded the daily rate limit (${this.dailyMeetingLimit}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`,
        },
        { 'Retry-After': String(secondsUntilUtcMidnight()), 'X-RateLimit-Type': 'Daily-limit' },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.json(res, 400, { code: 300, message: 'Request Body should be a valid JSON object.' });
    }
    const fields = body as Record<string, unknown>;
    const errors = validateMeetingBody(fields);
    if (errors.length > 0) return this.json(res, 400, { code: 300, message: 'Validation Failed.', errors });
    if (this.cannotHost.has(key)) {
      return this.json(res, 400, {
        code: 3161,
        message: 'Your user account is not allowed meeting hosting and scheduling capabilities.',
      });
    }
    const { meeting, zak } = buildMeeting(user, fields);
    this.dailyMeetingUsage.set(usageKey, used + 1);
    this.counts.meetingsByUser[user.email] = (this.counts.meetingsByUser[user.email] ?? 0) + 1;
    this.meetings.push({ userEmail: user.email, userId: user.id, requestBody: fields, response: meeting });
    this.startUrlSecrets.push(meeting.start_url, zak);
    this.json(res, 201, meeting);
  }

  /** Answers with the next queued fault, if any; true when the response has been sent (or abandoned). */
  private async applyFaults(route: ZoomRoute, res: ServerResponse): Promise<boolean> {
    const fault = this.faults[route].shift();
    if (this.delays[route] > 0 && !(await this.sleep(this.delays[route]))) return true;
    if (!fault) return false;
    if ('delayMs' in fault) return !(await this.sleep(fault.delayMs));
    if ('nonJson' in fault) {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    } else if (fault.status === 500) {
      this.json(res, 500, { code: 500, message: 'Internal Server Error' });
    } else if (fault.status === 429) {
      this.json(
        res,
        429,
        { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
        { 'Retry-After': String(fault.retryAfterSeconds), 'X-RateLimit-Type': 'QPS' },
      );
    } else {
      this.json(res, 401, INVALID_TOKEN);
    }
    return true;
  }

  /** Resolves true after `ms`, or false if stop() cancelled the wait. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const pending: PendingSleep = {
        timer: setTimeout(() => {
          this.pendingSleeps.delete(pending);
          resolve(true);
        }, ms),
        resolve,
      };
      this.pendingSleeps.add(pending);
    });
  }

  private clientAuthenticated(req: IncomingMessage): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    return decoded === `${this.options.clientId}:${this.options.clientSecret}`;
  }

  private invalidClient(res: ServerResponse): void {
    this.json(res, 401, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  }

  private form(req: IncomingMessage, body: string): URLSearchParams {
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    return new URLSearchParams(isForm ? body : '');
  }

  private readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.destroy();
          reject(new Error('Request body too large'));
        } else {
          chunks.push(chunk);
        }
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers });
    res.end(JSON.stringify(body));
  }
}
