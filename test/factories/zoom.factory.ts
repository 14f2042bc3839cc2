import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';
import { ZoomEmulator } from '../emulators/zoom-emulator.js';
import type { StaffMember } from './identity.factory.js';

export const ZOOM_CLIENT_ID = 'test-zoom-client';
export const APP_URL = 'http://app.test';

/** A started emulator with a random client secret. */
export async function startZoom(): Promise<{ zoom: ZoomEmulator; clientSecret: string }> {
  const clientSecret = `zsecret-${randomBytes(12).toString('hex')}`;
  const zoom = new ZoomEmulator({ clientId: ZOOM_CLIENT_ID, clientSecret });
  await zoom.start();
  return { zoom, clientSecret };
}

/** The app's environment pointing at the emulator. */
export function zoomEnv(
  zoom: ZoomEmulator,
  clientSecret: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    APP_URL,
    ZOOM_CLIENT_ID,
    ZOOM_CLIENT_SECRET: clientSecret,
    ZOOM_OAUTH_BASE_URL: zoom.baseUrl,
    ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    ...extra,
  };
}

export interface ConnectAttempt {
  authorizeUrl: URL;
  /** Where Zoom sent the browser back to (our callback, with code or error). */
  callback: URL;
  /** Where our callback sent the browser. */
  finalLocation: string;
}

/** The Connect binding cookie's name (set by POST /connect, sent back to the callback). */
export const CONNECT_COOKIE = 'zoom_connect';

export interface ConnectFlow {
  authorizeUrl: URL;
  /** Where Zoom sends the browser back to (our callback, with code or error). */
  callback: URL;
  /** The `Cookie` header the browser that started this flow sends to the callback. */
  cookie: string | undefined;
}

/** The `name=value` of the Connect binding cookie a response sets, as a browser would send it back. */
export function connectCookieFrom(setCookie: string | string[] | undefined): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = headers.find((h) => h.startsWith(`${CONNECT_COOKIE}=`));
  return cookie?.split(';')[0];
}

/** Starts the connect flow: our authorize URL (and the browser's binding cookie), then Zoom's consent redirect (not yet followed). */
export async function beginConnect(t: TestApp, staff: StaffMember): Promise<ConnectFlow> {
  const res = await t.http().post('/api/v1/integrations/zoom/connect').set('Authorization', `Bearer ${staff.token}`);
  if (res.status !== 200) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  const authorizeUrl = new URL(res.body.authorizeUrl);
  const cookie = connectCookieFrom(res.headers['set-cookie']);
  if (cookie) t.secrets.add(cookie.slice(CONNECT_COOKIE.length + 1));
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`Zoom consent did not redirect: ${consent.status}`);
  return { authorizeUrl, callback: new URL(location), cookie };
}

/** Brings a browser back to our callback (any URL on our app), with that browser's cookie if it has one, and answers our redirect. */
export async function followCallback(t: TestApp, callback: URL, cookie?: string): Promise<string> {
  return (await returnToCallback(t, callback, cookie)).location;
}

/** The callback's whole answer: where it sends the browser, and the cookies it sets or clears. */
export async function returnToCallback(
  t: TestApp,
  callback: URL,
  cookie?: string,
): Promise<{ location: string; setCookie: string[] }> {
  const req = t.http().get(`${callback.pathname}${callback.search}`);
  if (cookie) req.set('Cookie', cookie);
  const res = await req;
  if (res.status !== 302) throw new Error(`callback did not redirect: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers['set-cookie'] as string | string[] | undefined;
  return {
    location: res.headers.location as string,
    setCookie: Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [],
  };
}

/** The whole round trip, as a browser does it, with `zoomEmail` signed in at Zoom. */
export async function connectZoom(
  t: TestApp,
  staff: StaffMember,
  zoom: ZoomEmulator,
  zoomEmail: string,
): Promise<ConnectAttempt> {
  if (!zoom.getUser(zoomEmail)) zoom.addUser({ email: zoomEmail });
  zoom.setSignedInUser(zoomEmail);
  const { authorizeUrl, callback, cookie } = await beginConnect(t, staff);
  return { authorizeUrl, callback, finalLocation: await followCallback(t, callback, cookie) };
}

/** The tokens of a Zoom grant, as a finished Connect holds them. */
export interface ZoomGrantTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  zoomUserId: string;
}

/**
 * A grant for `email` (a Zoom user, added if new) straight from the emulator, without the app: the
 * consent and code exchange a Connect makes, so a service spec can store a connection of its own.
 */
export async function zoomGrant(zoom: ZoomEmulator, clientSecret: string, email: string): Promise<ZoomGrantTokens> {
  const user = zoom.getUser(email) ?? zoom.addUser({ email });
  zoom.setSignedInUser(email);
  const redirectUri = `${APP_URL}/api/v1/integrations/zoom/callback`;
  const authorize = new URL(`${zoom.baseUrl}/oauth/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: ZOOM_CLIENT_ID,
    redirect_uri: redirectUri,
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? redirectUri).searchParams.get('code');
  if (consent.status !== 302 || !code) throw new Error(`Zoom consent gave no code: ${consent.status}`);
  const exchange = await fetch(`${zoom.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${ZOOM_CLIENT_ID}:${clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }).toString(),
  });
  const tokens = (await exchange.json()) as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (exchange.status !== 200 || !tokens.access_token || !tokens.refresh_token || !tokens.expires_in)
    throw new Error(`Zoom code exchange failed: ${exchange.status}`);
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresInSeconds: tokens.expires_in,
    zoomUserId: user.id,
  };
}
