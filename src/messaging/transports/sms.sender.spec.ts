import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmsEmulator } from '../../../test/emulators/sms-emulator.js';
import { AppConfig } from '../../config/app-config.js';
import { SendFailure } from './send-failure.js';
import { SmsSender } from './sms.sender.js';

const configWith = (env: Record<string, string>): AppConfig =>
  AppConfig.fromEnvironment({ NODE_ENV: 'test', ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), ...env });

async function failureOf(work: Promise<unknown>): Promise<SendFailure> {
  try {
    await work;
  } catch (error) {
    if (error instanceof SendFailure) return error;
    throw error;
  }
  throw new Error('expected a SendFailure');
}

describe('SmsSender against the SMS emulator', () => {
  const emulator = new SmsEmulator();
  let sender: SmsSender;

  beforeAll(async () => {
    await emulator.start();
    sender = new SmsSender(configWith(emulator.env('+15005550006')));
  });

  afterEach(() => emulator.reset());

  afterAll(() => emulator.stop());

  it('sends with Basic auth and returns the message sid', async () => {
    const sent = await sender.send({ to: '+14155550123', body: 'Hi Carla & <co>, join at https://zoom.us/j/1?pwd=x' });
    expect(sent.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(emulator.messages).toEqual([
      expect.objectContaining({
        sid: sent.providerId,
        to: '+14155550123',
        from: '+15005550006',
        body: 'Hi Carla & <co>, join at https://zoom.us/j/1?pwd=x',
      }),
    ]);
  });

  it('treats an invalid number (400) as permanent, with the provider code and no secret in the message', async () => {
    const failure = await failureOf(sender.send({ to: '+1234', body: 'x' }));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toContain('400');
    expect(failure.message).toContain('21211');
    expect(failure.message).not.toContain(emulator.authToken);
    expect(emulator.messages).toHaveLength(0);
  });

  it('treats 500 as worth retrying, and 429 as worth retrying after Retry-After', async () => {
    emulator.failNext(1, 500);
    await expect(failureOf(sender.send({ to: '+14155550123', body: 'x' }))).resolves.toMatchObject({
      permanent: false,
      retryAfterSeconds: undefined,
    });
    emulator.failNext(1, 429, { retryAfterSeconds: 17 });
    await expect(failureOf(sender.send({ to: '+14155550123', body: 'x' }))).resolves.toMatchObject({
      permanent: false,
      retryAfterSeconds: 17,
    });
    emulator.failNext(1, 408);
    await expect(failureOf(sender.send({ to: '+14155550123', body: 'x' }))).resolves.toMatchObject({
      permanent: false,
    });
    await expect(sender.send({ to: '+14155550123', body: 'x' })).resolves.toMatchObject({
      providerId: expect.stringMatching(/^SM/),
    });
    expect(emulator.requestCount).toBe(4);
  });

  it('treats wrong credentials (401) as permanent', async () => {
    const wrong = new SmsSender(configWith({ ...emulator.env(), SMS_AUTH_TOKEN: 'not-the-token-at-all' }));
    const failure = await failureOf(wrong.send({ to: '+14155550123', body: 'x' }));
    expect(failure).toMatchObject({ permanent: true });
    expect(failure.message).toContain('20003');
    expect(failure.message).not.toContain('not-the-token-at-all');
  });

  it('treats an unreachable provider as worth retrying', async () => {
    const down = new SmsEmulator();
    await down.start();
    const env = down.env();
    await down.stop();
    await expect(
      failureOf(new SmsSender(configWith(env)).send({ to: '+14155550123', body: 'x' })),
    ).resolves.toMatchObject({ permanent: false });
  });

  it('without SMS_API_BASE_URL writes to the log instead of sending', async () => {
    await expect(new SmsSender(configWith({})).send({ to: '+14155550123', body: 'x' })).resolves.toEqual({
      providerId: null,
    });
  });
});

describe('SmsSender connections', () => {
  /** A provider that counts the connections it is opened, and answers (or not) as `answer` says. */
  async function provider(
    answer: (res: ServerResponse) => void,
  ): Promise<{ server: Server; env: Record<string, string>; connections: () => number }> {
    let connections = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const env = {
      SMS_API_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      SMS_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      SMS_AUTH_TOKEN: 'token-token-token',
      SMS_FROM: '+15005550006',
    };
    return { server, env, connections: () => connections };
  }

  it('keeps its connections open between sends (at most 16 at once)', async () => {
    const { server, env, connections } = await provider((res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef' }));
    });
    const sender = new SmsSender(configWith(env));
    try {
      await Promise.all(Array.from({ length: 40 }, () => sender.send({ to: '+14155550123', body: 'x' })));
      const opened = connections();
      expect(opened).toBeLessThanOrEqual(16);
      for (let i = 0; i < 10; i++) await sender.send({ to: '+14155550123', body: 'x' });
      expect(connections()).toBe(opened);
    } finally {
      sender.onModuleDestroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('gives up on a provider that does not answer within 10 seconds, as worth retrying', async () => {
    const { server, env } = await provider(() => undefined);
    const sender = new SmsSender(configWith(env));
    try {
      const failure = await failureOf(sender.send({ to: '+14155550123', body: 'x' }));
      expect(failure.permanent).toBe(false);
      expect(failure.message).toBe('The SMS provider did not answer within 10 seconds');
    } finally {
      sender.onModuleDestroy();
      server.closeAllConnections();
      server.close();
    }
  }, 20_000);
});
