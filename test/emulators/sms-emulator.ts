import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsEmulatorOptions {
  /** Default: a random "AC…" sid. */
  accountSid?: string;
  /** Default: random hex. */
  authToken?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
}

/** One accepted message, as the emulator answered it. */
export interface EmulatedSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  status: 'queued';
  dateCreated: string;
}

export interface SmsFaultOptions {
  /** Sent as Retry-After (429 only). */
  retryAfterSeconds?: number;
  code?: number;
  message?: string;
}

interface PendingFault extends SmsFaultOptions {
  status: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_BODY_CHARS = 1600;
const MAX_REQUEST_BYTES = 64 * 1024;
const ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/** Twilio's codes for the failures tests ask for. */
const FAULT_DEFAULTS: Record<number, { code: number; message: string }> = {
  400: { code: 21211, message: 'The request was refused.' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

/** An in-process Twilio-compatible Messages API: POST /2010-04-01/Accounts/:sid/Messages.json. */
export class SmsEmulator {
  readonly accountSid: string;
  readonly authToken: string;
  /** Every accepted message, in order. */
  readonly messages: EmulatedSms[] = [];
  /** Every request to the Messages route, accepted or not. */
  requestCount = 0;
  /** Accepted messages whose answer is being held back by setDelay. */
  heldRequests = 0;
  private readonly faults: PendingFault[] = [];
  private delayMs = 0;
  private server: Server | null = null;

  constructor(private readonly options: SmsEmulatorOptions = {}) {
    this.accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
  }

  get baseUrl(): string {
    if (!this.server) throw new Error('SMS emulator is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The environment that points the app's SmsSender here. */
  env(from = '+15005550006'): Record<string, string> {
    return {
      SMS_API_BASE_URL: this.baseUrl,
      SMS_ACCOUNT_SID: this.accountSid,
      SMS_AUTH_TOKEN: this.authToken,
      SMS_FROM: from,
    };
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => send(res, 500, { code: 20500, message: 'Internal Server Error', status: 500 }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `count` valid-looking requests answer `status` instead (500, 503, 429 with Retry-After, 400...). */
  failNext(count: number, status: number, options: SmsFaultOptions = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ status, ...options });
  }

  /** Accept each message at once but answer it `ms` later (the message went out; the sender waits). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  reset(): void {
    this.messages.length = 0;
    this.faults.length = 0;
    this.requestCount = 0;
    this.delayMs = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = ROUTE.exec(path);
    if (!route || req.method !== 'POST') {
      send(res, 404, {
        code: 20404,
        message: `The requested resource ${path} was not found`,
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      });
      return;
    }
    this.requestCount++;
    const raw = await readBody(req);
    if (raw === null) {
      send(res, 413, { code: 20413, message: 'Request entity too large', status: 413 });
      return;
    }
    if (!this.authenticated(req, decodeURIComponent(route[1]))) {
      send(res, 401, {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
      return;
    }
    const fault = this.faults.shift();
    if (fault) {
      const defaults = FAULT_DEFAULTS[fault.status] ?? { code: fault.status * 100, message: 'Request failed' };
      if (fault.status === 429 && fault.retryAfterSeconds !== undefined)
        res.setHeader('Retry-After', String(fault.retryAfterSeconds));
      send(res, fault.status, {
        code: fault.code ?? defaults.code,
        message: fault.message ?? defaults.message,
        status: fault.status,
      });
      return;
    }
    const form = new URLSearchParams(raw);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    const refusal = validate(to, from, body);
    if (refusal) {
      send(res, 400, { ...refusal, more_info: `https://www.twilio.com/docs/errors/${refusal.code}`, status: 400 });
      return;
    }
    const message: EmulatedSms = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid: this.accountSid,
      to,
      from,
      body,
      status: 'queued',
      dateCreated: new Date().toUTCString(),
    };
    this.messages.push(message);
    if (this.delayMs > 0) {
      this.heldRequests++;
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      this.heldRequests--;
    }
    send(res, 201, {
      sid: message.sid,
      account_sid: message.accountSid,
      to,
      from,
      body,
      status: message.status,
      num_segments: '1',
      num_media: '0',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: message.dateCreated,
      date_updated: message.dateCreated,
      date_sent: null,
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      messaging_service_sid: null,
      uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
    });
  }

  private authenticated(req: IncomingMessage, pathSid: string): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return colon > 0 && user === this.accountSid && password === this.authToken && pathSid === this.accountSid;
  }
}

function validate(to: string, from: string, body: string): { code: number; message: string } | null {
  if (!to) return { code: 21604, message: "A 'To' phone number is required." };
  if (!E164.test(to)) return { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
  if (!from) return { code: 21603, message: "A 'From' phone number is required." };
  if (!body) return { code: 21602, message: 'Message body is required.' };
  if (body.length > MAX_BODY_CHARS)
    return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
  return null;
}

/** The body as text, or null when it is too large. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
