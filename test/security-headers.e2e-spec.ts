import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './support/test-app.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** A page, the API's docs page and its JSON, the health check, an API answer and an error: every kind of answer. */
const PATHS: Array<[path: string, accept: string]> = [
  ['/login', HTML],
  ['/api/docs/', HTML],
  ['/api/docs-json', 'application/json'],
  ['/health', 'application/json'],
  ['/api/v1/me', 'application/json'],
  ['/nope', HTML],
];

/**
 * HTTPS-only headers (HSTS, and the CSP's `upgrade-insecure-requests`) only when APP_URL is https:
 * on a plain-http address (a LAN install, localhost) they would send browsers to an https port that
 * nobody serves, and HSTS would keep doing so for a year.
 */
describe('HTTPS-only headers follow APP_URL (e2e)', () => {
  describe('under a plain-http APP_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { APP_URL: 'http://192.168.1.20:3000' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('sends neither HSTS nor upgrade-insecure-requests, on any path', async () => {
      for (const [path, accept] of PATHS) {
        const res = await t.http().get(path).set('Host', '192.168.1.20:3000').set('Accept', accept);
        expect([path, res.headers['strict-transport-security']]).toEqual([path, undefined]);
        expect([path, res.headers['content-security-policy'] ?? '']).toEqual([
          path,
          expect.not.stringContaining('upgrade-insecure-requests'),
        ]);
      }
    });

    it('still sends the other security headers', async () => {
      const res = await t.http().get('/login').set('Host', '192.168.1.20:3000').set('Accept', HTML);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });
  });

  describe('under an https APP_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { APP_URL: 'https://firm.example.com' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('sends HSTS on every path, and upgrade-insecure-requests with the pages and the docs page', async () => {
      for (const [path, accept] of PATHS) {
        const res = await t.http().get(path).set('Host', 'firm.example.com').set('Accept', accept);
        expect([path, res.headers['strict-transport-security']]).toEqual([path, expect.stringMatching(/max-age=\d+/)]);
      }
      for (const path of ['/login', '/api/docs/']) {
        const res = await t.http().get(path).set('Host', 'firm.example.com').set('Accept', HTML);
        expect([path, res.headers['content-security-policy']]).toEqual([
          path,
          expect.stringContaining('upgrade-insecure-requests'),
        ]);
      }
    });
  });
});
