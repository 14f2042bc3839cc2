import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server, to make it "go away" and come back the way a restart or a
 * network cut looks to a client: cut() drops every open connection and refuses new ones; restore()
 * listens again on the same port.
 */
export class TcpCut {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** A started relay in front of the MySQL server of `databaseUrl`, and the same URL through it. */
  static async inFront(databaseUrl: string): Promise<{ relay: TcpCut; url: string }> {
    const url = new URL(databaseUrl);
    const relay = await new TcpCut({ host: url.hostname, port: Number(url.port || 3306) }).start();
    url.port = String(relay.port);
    return { relay, url: url.toString() };
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
    return this;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port (no-op while not cut). */
  async restore(): Promise<void> {
    await this.start();
  }
}
