import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { MimeComposer } from './mime-message.js';
import { SmtpPool, type SmtpPoolOptions } from './smtp-pool.js';

/** An SMTP server that counts connections and can be told to misbehave. */
class Server {
  opened = 0;
  open = 0;
  mostOpen = 0;
  readonly received: string[] = [];
  readonly sockets: Socket[] = [];
  /** Answers the next MAIL FROM with this reply instead of accepting it. */
  refuseNextMail: { code: number; message: string } | null = null;
  refuseNextRcpt: { code: number; message: string } | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  async start(options: Partial<SMTPServerOptions> = {}): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onConnect: (_session, callback) => {
        this.opened++;
        this.open++;
        this.mostOpen = Math.max(this.mostOpen, this.open);
        callback();
      },
      onClose: () => this.open--,
      onMailFrom: (_address, _session, callback) => callback(this.refusal('refuseNextMail')),
      onRcptTo: (_address, _session, callback) => callback(this.refusal('refuseNextRcpt')),
      onData: (stream, _session, callback) => {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => {
          this.received.push(text);
          callback();
        });
      },
      ...options,
    });
    this.server.server.on('connection', (socket: Socket) => this.sockets.push(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  url(credentials = ''): string {
    return `smtp://${credentials}127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private refusal(which: 'refuseNextMail' | 'refuseNextRcpt'): Error | null {
    const refusal = this[which];
    this[which] = null;
    return refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : null;
  }
}

const composer = new MimeComposer('Acme Law <reminders@acme.test>');
const message = (i: number) =>
  composer.compose({ to: `client-${i}@example.test`, subject: `Reminder ${i}`, html: `<p>Hi ${i}</p>` });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('SmtpPool', () => {
  const servers: Server[] = [];
  const pools: SmtpPool[] = [];
  const serverWith = async (options: Partial<SMTPServerOptions> = {}) => {
    const server = await new Server().start(options);
    servers.push(server);
    return server;
  };
  const poolFor = (url: string, options: Partial<SmtpPoolOptions> = {}) => {
    const pool = new SmtpPool({
      url,
      maxConnections: 3,
      connectionTimeout: 2000,
      greetingTimeout: 2000,
      socketTimeout: 5000,
      idleTimeout: 30_000,
      ...options,
    });
    pools.push(pool);
    return pool;
  };

  afterEach(async () => {
    for (const pool of pools.splice(0)) pool.close();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('carries many messages over at most maxConnections connections, each kept for the next message', async () => {
    const server = await serverWith();
    const pool = poolFor(server.url());
    await Promise.all(Array.from({ length: 40 }, async (_, i) => pool.send(await message(i))));
    expect(server.received).toHaveLength(40);
    expect(server.opened).toBeLessThanOrEqual(3);
    expect(server.mostOpen).toBeLessThanOrEqual(3);
    await pool.send(await message(41));
    expect(server.opened).toBeLessThanOrEqual(3);
  });

  it('warm() connects ahead of the first send, which then uses that connection', async () => {
    const server = await serverWith();
    const pool = poolFor(server.url());
    pool.warm();
    pool.warm();
    await until(() => server.open === 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await pool.send(await message(1));
    expect(server.opened).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it('keeps the connection after a refused recipient or message, and reports the refusal', async () => {
    const server = await serverWith();
    const pool = poolFor(server.url());
    server.refuseNextRcpt = { code: 550, message: 'No such user here' };
    await expect(pool.send(await message(1))).rejects.toMatchObject({ responseCode: 550, permanent: true });
    server.refuseNextRcpt = { code: 451, message: 'Try again later' };
    await expect(pool.send(await message(2))).rejects.toMatchObject({ responseCode: 451 });
    await pool.send(await message(3));
    expect(server.received).toHaveLength(1);
    expect(server.opened).toBe(1);
  });

  it('replaces a connection the server closed while it was idle, and the message goes once', async () => {
    const server = await serverWith();
    const pool = poolFor(server.url());
    await pool.send(await message(1));
    for (const socket of server.sockets) socket.destroy();
    await until(() => server.open === 0);
    await pool.send(await message(2));
    expect(server.received).toHaveLength(2);
    expect(server.opened).toBe(2);
  });

  it('sends again on a new connection when a reused one is closed before the message (421 to MAIL FROM)', async () => {
    const server = await serverWith();
    const pool = poolFor(server.url());
    await pool.send(await message(1));
    server.refuseNextMail = { code: 421, message: 'Service not available, closing channel' };
    await pool.send(await message(2));
    expect(server.received).toHaveLength(2);
    expect(server.received[1]).toContain('Reminder 2');
    expect(server.opened).toBe(2);
  });

  it('signs in with the user and password the URL carries', async () => {
    const server = await serverWith({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        auth.username === 'mailer' && auth.password === 's3cret'
          ? callback(null, { user: 'mailer' })
          : callback(new Error('Invalid username or password')),
    });
    await poolFor(server.url('mailer:s3cret@')).send(await message(1));
    expect(server.received).toHaveLength(1);
    await expect(poolFor(server.url('mailer:wrong@')).send(await message(2))).rejects.toMatchObject({
      code: 'EAUTH',
    });
  });

  it('closes a connection left idle for idleTimeout, and all of them on close()', async () => {
    const server = await serverWith();
    const idling = poolFor(server.url(), { idleTimeout: 100 });
    await idling.send(await message(1));
    await until(() => server.open === 0);
    expect(server.open).toBe(0);

    const pool = poolFor(server.url());
    await Promise.all([1, 2, 3].map(async (i) => pool.send(await message(i))));
    expect(server.open).toBeGreaterThan(0);
    pool.close();
    await until(() => server.open === 0);
    expect(server.open).toBe(0);
    await expect(pool.send(await message(4))).rejects.toThrow('closed');
  });

  it('gives up on a server that never greets after greetingTimeout, holding no connection', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const pool = poolFor(`smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, {
      maxConnections: 1,
      greetingTimeout: 200,
    });
    try {
      await expect(pool.send(await message(1))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      // The slot is free again: the next send tries a connection of its own instead of waiting forever.
      await expect(pool.send(await message(2))).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });
});
