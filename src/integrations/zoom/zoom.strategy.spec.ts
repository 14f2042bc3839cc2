import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2 } from 'oauth';
import { DomainError } from '../../common/errors/domain-error.js';
import { ZoomErrorCode } from './zoom.errors.js';
import { deadlineAgent } from './zoom.strategy.js';

/**
 * The code exchange runs in node-oauth (under passport-oauth2), which has no timeout of its own:
 * these hold a token endpoint in both places a Zoom can hang, and check that node-oauth, on the
 * strategy's agent, answers its callback with zoom_unavailable instead of waiting for ever.
 */
describe('deadlineAgent under node-oauth', () => {
  let server: Server | undefined;
  const held: ServerResponse[] = [];

  afterEach(async () => {
    for (const res of held.splice(0)) res.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function tokenEndpoint(answer: (res: ServerResponse) => void): Promise<string> {
    server = createServer((_req, res) => {
      held.push(res);
      answer(res);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  }

  function exchange(tokenUrl: string): Promise<unknown> {
    const oauth2 = new OAuth2('id', 'secret', '', tokenUrl, tokenUrl);
    oauth2.setAgent(deadlineAgent(tokenUrl, 200));
    return new Promise((resolve) =>
      oauth2.getOAuthAccessToken('code', { grant_type: 'authorization_code' }, (err, accessToken) =>
        resolve(err ?? accessToken),
      ),
    );
  }

  it('fails an exchange whose answer never comes', async () => {
    const url = await tokenEndpoint(() => undefined);
    const outcome = await exchange(url);
    expect(outcome).toBeInstanceOf(DomainError);
    expect((outcome as DomainError).code).toBe(ZoomErrorCode.UNAVAILABLE);
  });

  it('fails an exchange whose answer stops halfway', async () => {
    const url = await tokenEndpoint((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"access_token":');
    });
    const outcome = await exchange(url);
    expect(outcome).toBeInstanceOf(DomainError);
    expect((outcome as DomainError).code).toBe(ZoomErrorCode.UNAVAILABLE);
  });

  it('leaves an answer that comes in time alone', async () => {
    const url = await tokenEndpoint((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'a', refresh_token: 'r', expires_in: 3599 }));
    });
    await expect(exchange(url)).resolves.toBe('a');
  });
});
