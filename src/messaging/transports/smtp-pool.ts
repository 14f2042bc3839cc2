import type { NodemailerError } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection, { type SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import type { MimeMessage } from './mime-message.js';

export interface SmtpPoolOptions {
  /** smtp:// or smtps://, with user:password@ for AUTH and nodemailer's query options. */
  url: string;
  maxConnections: number;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
  /** A connection unused this long is closed (before the server's own idle timeout does it). */
  idleTimeout: number;
}

/** The connection errors after which the connection is gone (nodemailer's isTransientError, less a 421 reply). */
const CONNECTION_LOST = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT']);
/** Commands that come before the message data: failing there, nothing of the message reached the server. */
const BEFORE_DATA = new Set(['API', 'CONN', 'MAIL FROM', 'RCPT TO']);

interface Idle {
  connection: SMTPConnection;
  timer: NodeJS.Timeout;
}

/**
 * A few SMTP connections (nodemailer's SMTPConnection), opened as sends need them and kept open,
 * each carrying one message at a time: what nodemailer's pool transport does, without its
 * per-message composer, plugin and queue machinery, which cost more CPU than the SMTP exchange.
 * A refused message (a 4xx/5xx reply to the envelope or the data) leaves its connection in use; a
 * lost connection is closed, and a send that had not reached the data goes once more on a new one.
 */
export class SmtpPool {
  private readonly connectionOptions: SMTPConnectionOptions;
  private readonly auth: { user: string; pass: string } | null;
  private readonly idle: Idle[] = [];
  private readonly waiting: Array<{ resolve: (c: SMTPConnection) => void; reject: (e: unknown) => void }> = [];
  /** Connections open or being opened. */
  private count = 0;
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {
    const { auth, ...parsed } = parseConnectionUrl(options.url);
    this.connectionOptions = {
      ...parsed,
      connectionTimeout: options.connectionTimeout,
      greetingTimeout: options.greetingTimeout,
      socketTimeout: options.socketTimeout,
      logger: false,
    };
    this.auth = auth?.user ? { user: auth.user, pass: auth.pass ?? '' } : null;
  }

  /** Resolves with the server's answer once it accepted the message; rejects with nodemailer's error otherwise. */
  async send(message: MimeMessage): Promise<string> {
    let { connection, reused } = await this.acquire();
    for (;;) {
      try {
        const response = await sendOn(connection, message);
        this.release(connection);
        return response;
      } catch (error) {
        const failure = error as NodemailerError;
        if (CONNECTION_LOST.has(failure.code ?? '') || failure.responseCode === 421) {
          this.discard(connection);
          // A connection that sat open may have been closed by the server meanwhile: the message never left.
          if (reused && BEFORE_DATA.has(failure.command ?? 'API') && !this.closed) {
            ({ connection, reused } = { connection: await this.open(), reused: false });
            continue;
          }
        } else await this.reset(connection);
        throw error;
      }
    }
  }

  /**
   * Opens a connection ahead of the first send, unless one is open: a server may take a while to
   * greet (smtp-server waits 100 ms), which then overlaps the worker's own start. Failing is left to the sends.
   */
  warm(): void {
    if (this.closed || this.count > 0) return;
    this.open().then(
      (connection) => this.release(connection),
      () => undefined,
    );
  }

  /** Closes every idle connection now and every busy one when its send ends; sends still waiting fail. */
  close(): void {
    this.closed = true;
    for (const { connection, timer } of this.idle.splice(0)) {
      clearTimeout(timer);
      this.end(connection, 'quit');
    }
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The mail transport is closed'));
  }

  private async acquire(): Promise<{ connection: SMTPConnection; reused: boolean }> {
    if (this.closed) throw new Error('The mail transport is closed');
    const idle = this.idle.pop();
    if (idle) {
      clearTimeout(idle.timer);
      return { connection: idle.connection, reused: true };
    }
    if (this.count < this.options.maxConnections) return { connection: await this.open(), reused: false };
    return new Promise((resolve, reject) =>
      this.waiting.push({ resolve: (connection) => resolve({ connection, reused: true }), reject }),
    );
  }

  /** A new connection, greeted and signed in; counted from the start, so no more than maxConnections open at once. */
  private open(): Promise<SMTPConnection> {
    this.count++;
    return new Promise<SMTPConnection>((resolve, reject) => {
      const connection = new SMTPConnection(this.connectionOptions);
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        this.discard(connection);
        reject(error);
      };
      const ready = () => {
        settled = true;
        connection.off('error', fail);
        connection.off('end', closedEarly);
        // From now on a send's callback hears of its own errors; these only matter while the connection is idle.
        connection.on('error', () => this.dropIfIdle(connection));
        connection.once('end', () => this.dropIfIdle(connection));
        resolve(connection);
      };
      const closedEarly = () => fail(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' }));
      connection.on('error', fail);
      connection.once('end', closedEarly);
      connection.connect((error) => {
        if (error) return fail(error);
        if (!this.auth || !connection.allowsAuth) return ready();
        connection.login(this.auth, (loginError) => (loginError ? fail(loginError) : ready()));
      });
    });
  }

  /** Back to the next waiting send, else idle until idleTimeout. */
  private release(connection: SMTPConnection): void {
    if (this.closed) return this.end(connection, 'quit');
    const waiter = this.waiting.shift();
    if (waiter) return waiter.resolve(connection);
    const timer = setTimeout(() => this.dropIfIdle(connection, 'quit'), this.options.idleTimeout);
    timer.unref();
    this.idle.push({ connection, timer });
  }

  /** After a refused message: RSET, and the connection serves the next one (or goes, if even that fails). */
  private reset(connection: SMTPConnection): Promise<void> {
    return new Promise((resolve) =>
      connection.reset((error) => {
        if (error) this.discard(connection);
        else this.release(connection);
        resolve();
      }),
    );
  }

  /** An idle connection the server closed, or that idled out, leaves the pool. */
  private dropIfIdle(connection: SMTPConnection, how: 'quit' | 'close' = 'close'): void {
    const at = this.idle.findIndex((i) => i.connection === connection);
    if (at < 0) return;
    clearTimeout(this.idle.splice(at, 1)[0]?.timer);
    this.end(connection, how);
  }

  private discard(connection: SMTPConnection): void {
    this.end(connection, 'close');
  }

  /** QUIT politely (idle, closing) or close at once (lost, broken), and make room for a waiting send. */
  private end(connection: SMTPConnection, how: 'quit' | 'close'): void {
    this.count--;
    // Whatever the socket still says on its way out is of no interest; an 'error' with no listener would throw.
    connection.removeAllListeners('error');
    connection.removeAllListeners('end');
    connection.on('error', () => undefined);
    if (how === 'quit') connection.quit();
    else connection.close();
    this.openForWaiting();
  }

  /** A connection that went away leaves room: the first waiting send gets a new one. */
  private openForWaiting(): void {
    if (this.closed || this.waiting.length === 0 || this.count >= this.options.maxConnections) return;
    const waiter = this.waiting.shift();
    this.open().then(waiter?.resolve, waiter?.reject);
  }
}

function sendOn(connection: SMTPConnection, message: MimeMessage): Promise<string> {
  // SMTPConnection keeps its working state (the queue of recipients, a refusal) on the envelope it is given.
  const envelope = { from: message.envelope.from, to: [...message.envelope.to] };
  return new Promise((resolve, reject) =>
    connection.send(envelope, message.raw, (error, info) => (error ? reject(error) : resolve(info.response))),
  );
}
