import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from './support/test-app.js';

const APP_URL = 'http://pages.mll.test:3000';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** api.md, Conventions, "Web pages": how HTML and JSON requests are told apart, and what pages get. */
describe('Web pages (e2e)', () => {
  let t: TestApp;
  const page = (path: string, method: 'get' | 'head' = 'get') =>
    t.http()[method](path).set('Host', 'pages.mll.test:3000').set('Accept', HTML);

  beforeAll(async () => {
    t = await createTestApp({ env: { APP_URL } });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 200 with the app for every page of api.md, any id included, never cached', async () => {
    for (const path of [
      '/',
      '/login',
      '/signup',
      '/account/settings/firm/integrations',
      '/account/settings/firm/team',
      '/account/settings/firm/messaging',
      '/account/settings/profile',
      '/clients',
      '/clients/not-a-real-id',
      '/cases',
      '/cases/123',
      '/cases/123/events/new',
      '/events/abc',
      '/portal',
      '/portal/firm-1/login',
      '/clients/',
      '/account/settings/firm/integrations?zoom=connected',
    ]) {
      const res = await page(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    await page('/clients', 'head').expect(200);
  });

  it('answers any other path outside the API with the not-found page, 404', async () => {
    for (const path of [
      '/nope',
      '/account',
      '/account/settings/firm/billing',
      '/cases/1/2',
      '/events',
      '/portal/x/y',
    ]) {
      const res = await page(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('keeps the JSON error body for requests that do not ask for HTML, and for everything under /api/, /calendar/ and /health', async () => {
    const curl = await t.http().get('/clients').set('Host', 'pages.mll.test:3000').set('Accept', '*/*');
    expect(curl.status).toBe(404);
    expect(curl.body).toMatchObject({ statusCode: 404, code: 'not_found' });
    const post = await t.http().post('/login').set('Host', 'pages.mll.test:3000').set('Accept', HTML).send({});
    expect(post.status).toBe(404);
    expect(post.body.code).toBe('not_found');
    const api = await page('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('not_found');
    expect((await page('/api/v1/me')).status).toBe(401);
    expect((await page('/calendar/not-a-token.ics')).body.code).toBe('not_found');
    expect((await page('/health')).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves pages under a strict Content-Security-Policy: no inline script, no upgrade on plain http', async () => {
    const csp = (await page('/login')).headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('sends a page opened on another host to APP_URL, so cookies and origin checks hold', async () => {
    const res = await t.http().get('/cases?x=1').set('Host', '192.168.1.20:3000').set('Accept', HTML);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${APP_URL}/cases?x=1`);
  });
});

describe('Web pages behind https (e2e)', () => {
  it('asks browsers to upgrade and remember https only when APP_URL is https', async () => {
    const t = await createTestApp({ env: { APP_URL: 'https://firm.example.com' } });
    try {
      const res = await t.http().get('/login').set('Host', 'firm.example.com').set('Accept', HTML);
      expect(res.status).toBe(200);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
