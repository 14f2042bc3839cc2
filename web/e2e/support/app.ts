import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { APP_URL, PASSWORD, ZOOM_URL } from './env';

/** A value no other test (or earlier run) uses. */
export const unique = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export interface Staff {
  firmName: string;
  name: string;
  email: string;
  password: string;
}

export function newStaff(label = 'owner'): Staff {
  const id = unique(label);
  return { firmName: `Firm ${id}`, name: `Dana ${label}`, email: `${id}@example.com`, password: PASSWORD };
}

/**
 * A form field by its label, as a user reads it: exactly that label, with or without the required
 * asterisk (so "Password" is not the "Toggle password visibility" button).
 */
export function field(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`));
}

/** Writes authenticated by the session cookie must carry the app's Origin (the same-origin check): the page's own, else the main server's. */
function origin(page: Page): Record<string, string> {
  return { Origin: page.url().startsWith('http://localhost') ? new URL(page.url()).origin : APP_URL };
}

/** Signs a new firm up through the page, as a visitor does. */
export async function signUpInPage(page: Page, staff: Staff = newStaff()): Promise<Staff> {
  await page.goto('/signup');
  await field(page, 'Firm name').fill(staff.firmName);
  await field(page, 'Your name').fill(staff.name);
  await field(page, 'Email').fill(staff.email);
  await field(page, 'Password').fill(staff.password);
  await page.getByRole('button', { name: 'Create firm' }).click();
  await expect(page).toHaveURL(/\/$/);
  return staff;
}

/** Signs a new firm up with the page's cookie session, without the page (setup for the tests about something else). */
export async function signUpByApi(page: Page, staff: Staff = newStaff()): Promise<Staff> {
  const res = await page.request.post('/api/v1/auth/signup?session=cookie', { data: staff, headers: origin(page) });
  expect(res.status(), await res.text()).toBe(201);
  return staff;
}

export async function signIn(page: Page, staff: Staff): Promise<void> {
  await field(page, 'Email').fill(staff.email);
  await field(page, 'Password').fill(staff.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A JSON call as the signed-in page (its cookie), for setup. */
export async function apiPost<T = Record<string, unknown>>(page: Page, path: string, data: unknown): Promise<T> {
  const res = await page.request.post(path, { data, headers: origin(page) });
  expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

export async function apiGet<T = Record<string, unknown>>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** A client and a case holding them, made through the API. */
export async function clientAndCase(
  page: Page,
  title = 'Estate of Doe',
): Promise<{ clientId: string; caseId: string }> {
  const client = await apiPost<{ id: string }>(page, '/api/v1/clients', {
    firstName: 'Carla',
    lastName: unique('Client'),
    email: `${unique('carla')}@example.com`,
  });
  const kase = await apiPost<{ id: string }>(page, '/api/v1/cases', { title, clientIds: [client.id] });
  return { clientId: client.id, caseId: kase.id };
}

/** A button or a link: the pages may make "Add client" either, the name is what counts. */
export function action(page: Page, name: string): Locator {
  return page
    .getByRole('button', { name, exact: true })
    .or(page.getByRole('link', { name, exact: true }))
    .first();
}

// ---- the Zoom emulator (another process: its test endpoints) ----

export async function zoomMeetings(
  request: APIRequestContext,
  email: string,
): Promise<{ count: number; meetings: Array<{ joinUrl: string }> }> {
  const res = await request.get(`${ZOOM_URL}/_emulator/meetings?email=${encodeURIComponent(email)}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as { count: number; meetings: Array<{ joinUrl: string }> };
}

/** As if the user removed the app in the Zoom Marketplace: the grant and its tokens die, no webhook. */
export async function revokeZoomGrant(request: APIRequestContext, email: string): Promise<void> {
  const res = await request.post(`${ZOOM_URL}/_emulator/revoke-grant?email=${encodeURIComponent(email)}`);
  expect(res.ok()).toBe(true);
}

// ---- the Zoom card ----

export async function openIntegrations(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await expect(page).toHaveURL(/\/account\/settings\/firm\/integrations/);
}

/** The Zoom card (a region named Zoom) and its status in the guide's words. */
export const zoomCard = (page: Page): Locator => page.getByRole('region', { name: 'Zoom' });
export const cardStatus = (page: Page, status: 'Connected' | 'Not Connected' | 'Reconnect needed'): Locator =>
  zoomCard(page).getByText(status, { exact: true }).first();

export const connectButton = (page: Page): Locator => page.getByRole('button', { name: 'Connect', exact: true });

/** Connect → the emulator's consent page → Allow (or Deny) as `zoomEmail`; back on the integrations page. */
export async function connectZoom(page: Page, zoomEmail: string, decision: 'Allow' | 'Deny' = 'Allow'): Promise<void> {
  await connectButton(page).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Zoom and approve' })).toBeVisible();
  await field(page, 'Zoom account email').fill(zoomEmail);
  await page.getByRole('button', { name: decision }).click();
  // Back from Zoom through the callback (the page may drop ?zoom=… from the address once it has read it).
  await expect(page).toHaveURL(/\/account\/settings\/firm\/integrations(\?zoom=.*)?$/);
}
