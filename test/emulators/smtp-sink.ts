import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One email the sink accepted. */
export interface SunkEmail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The Subject header, encoded words decoded. */
  subject: string;
  /** Top-level headers, names lower-cased, folded lines unfolded (last one wins). */
  headers: Record<string, string>;
  /** The message exactly as received in DATA. */
  source: string;
}

interface Rejection {
  responseCode: number;
  message: string;
}

/** A local SMTP server that keeps every message it is given; no TLS, any (or no) login. */
export class SmtpSink {
  readonly messages: SunkEmail[] = [];
  private readonly rejections: Rejection[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  get url(): string {
    if (!this.server) throw new Error('SMTP sink is not started');
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'sink' }),
      onRcptTo: (_address, _session, callback) => {
        const rejection = this.rejections.shift();
        if (!rejection) return callback();
        callback(Object.assign(new Error(rejection.message), { responseCode: rejection.responseCode }));
      },
      onData: (stream, session, callback) => this.collect(stream, session, callback),
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `count` recipients are refused with this SMTP reply (550: permanent, 450: try later). */
  rejectNext(count: number, responseCode = 550, message = 'Requested action not taken: mailbox unavailable'): void {
    for (let i = 0; i < count; i++) this.rejections.push({ responseCode, message });
  }

  reset(): void {
    this.messages.length = 0;
    this.rejections.length = 0;
  }

  private collect(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const source = Buffer.concat(chunks).toString('utf8');
      const headers = parseHeaders(splitMessage(source).head);
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      this.messages.push({
        from,
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: decodeWords(headers.subject ?? ''),
        headers,
        source,
      });
      callback();
    });
  }
}

/** The decoded text of the message's part of that type (default text/html); multipart is searched depth-first. */
export function bodyOf(email: Pick<SunkEmail, 'source'>, contentType = 'text/html'): string {
  const found = findPart(email.source, contentType.toLowerCase());
  if (found === null) throw new Error(`The email has no ${contentType} part`);
  return found;
}

function findPart(entity: string, wanted: string): string | null {
  const { head, body } = splitMessage(entity);
  const headers = parseHeaders(head);
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
    if (!boundary) return null;
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const found = findPart(part.replace(/^\r?\n/, ''), wanted);
      if (found !== null) return found;
    }
    return null;
  }
  if (!type.startsWith(wanted)) return null;
  return decodeBody(body, (headers['content-transfer-encoding'] ?? '7bit').toLowerCase());
}

function splitMessage(entity: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(entity);
  if (!match) return { head: entity, body: '' };
  return { head: entity.slice(0, match.index), body: entity.slice(match.index + match[0].length) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string): string {
  const trimmed = body.replace(/\r?\n$/, '');
  if (encoding === 'base64') return Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(trimmed);
  return trimmed.replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(text: string): string {
  const unfolded = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded[i] === '=' ? unfolded.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unfolded[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`); whitespace between two of them is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
