import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiGet, apiPost, field, signUpByApi, unique } from './support/app';
import { PASSWORD } from './support/env';

const STAFF_NOTE = 'STAFF ONLY NOTE';

/** Zoom connected through the emulator's consent page (as the accessibility suite does). */
async function connectZoomByApi(page: Page): Promise<void> {
  const { authorizeUrl } = await apiPost<{ authorizeUrl: string }>(page, '/api/v1/integrations/zoom/connect', {});
  await page.goto(authorizeUrl);
  await field(page, 'Zoom account email').fill(`${unique('zoom')}@example.com`);
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page).toHaveURL(/\/account\/settings\/firm\/integrations(\?zoom=connected)?$/);
}

interface Firm {
  firmId: string;
  caseId: string;
}

/** A firm whose client (with portal access) is on a case. */
async function firmWithClient(page: Page, clientEmail: string, caseTitle: string): Promise<Firm> {
  await signUpByApi(page);
  const me = await apiGet<{ firm: { id: string } }>(page, '/api/v1/me');
  const client = await apiPost<{ id: string }>(page, '/api/v1/clients', {
    firstName: 'Carla',
    lastName: unique('Client'),
    email: clientEmail,
    portalPassword: PASSWORD,
    timezone: 'America/Chicago',
  });
  const kase = await apiPost<{ id: string }>(page, '/api/v1/cases', { title: caseTitle, clientIds: [client.id] });
  return { firmId: me.firm.id, caseId: kase.id };
}

async function sharedEvent(
  page: Page,
  caseId: string,
  title: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string }> {
  return apiPost<{ id: string }>(page, `/api/v1/cases/${caseId}/events`, {
    title,
    startsAt: '2031-01-15T10:00:00-05:00',
    endsAt: '2031-01-15T11:00:00-05:00',
    timezone: 'America/New_York',
    sharedWithClients: true,
    ...extra,
  });
}

async function portalSignIn(page: Page, firmId: string, email: string): Promise<void> {
  await page.goto(`/portal/${firmId}/login`);
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
}

async function clientPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('a client signs in to the portal: the shared event with Join (the Zoom link), in their zone, no staff note; subscribe gives a feed whose LOCATION is the join URL', async ({
  page,
  browser,
}) => {
  const clientEmail = `${unique('carla')}@example.com`;
  const { firmId, caseId } = await firmWithClient(page, clientEmail, unique('Estate of Doe'));
  await connectZoomByApi(page);
  const event = await sharedEvent(page, caseId, 'Intake call', { description: STAFF_NOTE, location: 'Main office' });
  await apiPost(page, `/api/v1/events/${event.id}/zoom-meeting`, {});
  const { videoLink } = await apiGet<{ videoLink: string }>(page, `/api/v1/events/${event.id}`);
  expect(videoLink).toMatch(/^https:\/\//);
  await sharedEvent(page, caseId, 'Not shared', { sharedWithClients: false });
  await sharedEvent(page, caseId, 'Old meeting', {
    startsAt: '2020-03-02T10:00:00-05:00',
    endsAt: '2020-03-02T11:00:00-05:00',
  });
  const cancelled = await sharedEvent(page, caseId, 'Called off', {
    videoLink: 'https://zoom.us/j/111',
    startsAt: '2031-02-01T10:00:00-05:00',
    endsAt: null,
  });
  const del = await page.request.delete(`/api/v1/events/${cancelled.id}`, {
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(del.status()).toBe(204);

  // The staff page's portal link.
  const client = await apiGet<{ items: Array<{ id: string; email: string }> }>(
    page,
    `/api/v1/clients?q=${encodeURIComponent(clientEmail)}`,
  );
  await page.goto(`/clients/${client.items[0]?.id}`);
  await expect(page.getByRole('button', { name: 'Copy portal link' })).toHaveAttribute(
    'title',
    new RegExp(`/portal/${firmId}/login$`),
  );

  const portal = await clientPage(browser);
  await portalSignIn(portal, firmId, clientEmail);
  await expect(portal.getByText(/Firm owner-/).first()).toBeVisible(); // the firm's name in the header
  const upcoming = portal.getByRole('list', { name: 'Upcoming appointments' });
  const intake = upcoming.getByRole('listitem').filter({ hasText: 'Intake call' });
  await expect(intake.getByRole('link', { name: 'Join' })).toHaveAttribute('href', videoLink);
  await expect(intake.getByRole('link', { name: 'Join' })).toHaveAttribute('target', '_blank');
  // In the client's own zone (Chicago), named.
  await expect(intake).toContainText('9:00 AM – 10:00 AM CST (America/Chicago)');
  await expect(intake).toContainText('Main office');
  const calledOff = upcoming.getByRole('listitem').filter({ hasText: 'Called off' });
  await expect(calledOff).toContainText('Cancelled');
  await expect(calledOff.getByRole('link', { name: 'Join' })).toHaveCount(0);
  await expect(portal.getByRole('list', { name: 'Past appointments' })).toContainText('Old meeting');
  await expect(upcoming).not.toContainText('Old meeting');
  await expect(portal.getByText('Not shared')).toHaveCount(0);
  expect(await portal.content()).not.toContain(STAFF_NOTE);

  // Subscribe: only on the click.
  await expect(portal.getByRole('link', { name: 'Subscribe to calendar' })).toHaveCount(0);
  await portal.getByRole('button', { name: 'Get calendar link (replaces any earlier link)' }).click();
  await expect(portal.getByRole('link', { name: 'Subscribe to calendar' })).toHaveAttribute('href', /^webcal:\/\//);
  const url = await portal.getByRole('textbox', { name: 'Calendar link (https)' }).inputValue();
  expect(url).toMatch(/^http/);
  const ics = await portal.request.get(url);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  const unfolded = (await ics.text()).replace(/\r?\n[ \t]/g, '');
  expect(unfolded).toContain(`LOCATION:${videoLink}`);
  expect(unfolded).not.toContain(STAFF_NOTE);
  expect(await portal.content()).not.toContain(STAFF_NOTE);

  // A phone screen.
  await portal.setViewportSize({ width: 390, height: 844 });
  const overflow = await portal.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await portal.screenshot({ path: test.info().outputPath('portal-390x844.png'), fullPage: true });

  // Sign out: back at this firm's sign-in; the portal then sends the client there again.
  await portal.getByRole('button', { name: 'Sign out' }).click();
  await expect(portal).toHaveURL(new RegExp(`/portal/${firmId}/login`));
  await portal.goto('/portal');
  await expect(portal).toHaveURL(new RegExp(`/portal/${firmId}/login`));
  await portal.context().close();
});

test("a client of two firms signs in through each firm's link and sees that firm's events only", async ({
  browser,
}) => {
  const clientEmail = `${unique('both')}@example.com`;
  const staffA = await (await browser.newContext()).newPage();
  const staffB = await (await browser.newContext()).newPage();
  await staffA.goto('/login');
  await staffB.goto('/login');
  const a = await firmWithClient(staffA, clientEmail, 'Case at A');
  const b = await firmWithClient(staffB, clientEmail, 'Case at B');
  await sharedEvent(staffA, a.caseId, 'Meeting with firm A');
  await sharedEvent(staffB, b.caseId, 'Meeting with firm B');

  const portal = await clientPage(browser);
  await portalSignIn(portal, a.firmId, clientEmail);
  await expect(portal.getByText('Meeting with firm A')).toBeVisible();
  await expect(portal.getByText('Meeting with firm B')).toHaveCount(0);
  await portal.getByRole('button', { name: 'Sign out' }).click();
  await expect(portal).toHaveURL(new RegExp(`/portal/${a.firmId}/login`));

  await portalSignIn(portal, b.firmId, clientEmail);
  await expect(portal.getByText('Meeting with firm B')).toBeVisible();
  await expect(portal.getByText('Meeting with firm A')).toHaveCount(0);
  await portal.context().close();
  await staffA.context().close();
  await staffB.context().close();
});

test('a wrong password is said in words; an empty portal says so', async ({ page, browser }) => {
  const clientEmail = `${unique('empty')}@example.com`;
  const { firmId } = await firmWithClient(page, clientEmail, 'Quiet case');
  const portal = await clientPage(browser);
  await portal.goto(`/portal/${firmId}/login`);
  await field(portal, 'Email').fill(clientEmail);
  await field(portal, 'Password').fill('not the password at all');
  await portal.getByRole('button', { name: 'Sign in' }).click();
  await expect(portal.getByRole('alert')).toContainText(/.+/);
  await expect(portal).toHaveURL(new RegExp(`/portal/${firmId}/login`));
  await portalSignIn(portal, firmId, clientEmail);
  await expect(portal.getByText(/no upcoming appointments/i)).toBeVisible();
  await portal.context().close();
});
