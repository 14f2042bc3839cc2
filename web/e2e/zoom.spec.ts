import { expect, test } from '@playwright/test';
import {
  action,
  apiPost,
  cardStatus,
  clientAndCase,
  connectButton,
  connectZoom,
  field,
  newStaff,
  openIntegrations,
  revokeZoomGrant,
  signIn,
  signUpByApi,
  signUpInPage,
  unique,
  zoomMeetings,
} from './support/app';

/** The help guide's journey, in the page's own words: connect Zoom, put a meeting on a case event, see its link everywhere. */
test('sign up, connect Zoom (Allow), add a client, a case and an event with a Zoom meeting: Join on the timeline and the event', async ({
  page,
}) => {
  const zoomEmail = `${unique('zoom')}@example.com`;
  await signUpInPage(page);

  await openIntegrations(page);
  await expect(cardStatus(page, 'Not Connected')).toBeVisible();
  await connectZoom(page, zoomEmail, 'Allow');
  await expect(cardStatus(page, 'Connected')).toBeVisible();
  await expect(page.getByText(zoomEmail)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();

  // A client.
  const lastName = unique('Client');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await action(page, 'Add client').click();
  await field(page, 'First name').fill('Carla');
  await field(page, 'Last name').fill(lastName);
  await field(page, 'Email').fill(`${lastName.toLowerCase()}@example.com`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(lastName).first()).toBeVisible();

  // A case for that client.
  const caseTitle = unique('Estate of Doe');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await action(page, 'New case').click();
  await field(page, 'Title').fill(caseTitle);
  await page
    .getByRole('textbox', { name: 'Clients' })
    .or(page.getByRole('combobox', { name: 'Clients' }))
    .first()
    .click();
  await page.keyboard.type(lastName);
  await page.getByRole('option', { name: new RegExp(lastName) }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: caseTitle })).toBeVisible();
  const caseUrl = page.url();

  // An event with a Zoom meeting.
  await page.getByRole('link', { name: 'New event' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}\/events\/new$/);
  await field(page, 'Title').fill('Intake call');
  await field(page, 'Starts').fill('2031-01-15T10:00');
  await field(page, 'Ends').fill('2031-01-15T11:00');
  await page.getByRole('button', { name: 'Add Zoom meeting' }).click();
  const videoLink = field(page, 'Video link');
  await expect(videoLink).toHaveValue(/^https:\/\/.+/);
  const joinUrl = await videoLink.inputValue();
  await page.getByRole('button', { name: 'Save' }).click();

  // The event page shows Join with the meeting's link.
  await expect(page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('link', { name: 'Join' })).toHaveAttribute('href', joinUrl);

  // So does the case's timeline.
  await page.goto(caseUrl);
  await expect(page.getByText('Intake call')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Join' })).toHaveAttribute('href', joinUrl);

  const atZoom = await zoomMeetings(page.request, zoomEmail);
  expect(atZoom.count).toBe(1);
  expect(atZoom.meetings[0]?.joinUrl).toBe(joinUrl);
});

test('Deny at Zoom: back on Integrations, it says access was denied and Connect is offered again', async ({ page }) => {
  await signUpByApi(page);
  await page.goto('/account/settings/firm/integrations');
  await connectZoom(page, `${unique('zoom')}@example.com`, 'Deny');
  // Says in words what happened and what to do (the page's own wording: not connected, access not approved).
  const notice = page.getByRole('alert');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/not connected|denied|did not approve/i);
  await expect(notice).toContainText(/Connect/);
  await expect(cardStatus(page, 'Not Connected')).toBeVisible();
  await expect(connectButton(page)).toBeEnabled();
});

test('Disconnect: the card goes back to Not Connected with Connect', async ({ page }) => {
  await signUpByApi(page);
  await page.goto('/account/settings/firm/integrations');
  const zoomEmail = `${unique('zoom')}@example.com`;
  await connectZoom(page, zoomEmail);
  await expect(cardStatus(page, 'Connected')).toBeVisible();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  // A confirmation step, if the page asks for one.
  const confirm = page.getByRole('dialog').getByRole('button', { name: 'Disconnect' });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await expect(cardStatus(page, 'Not Connected')).toBeVisible();
  await expect(page.getByText(zoomEmail)).toHaveCount(0);
  await expect(connectButton(page)).toBeEnabled();
});

test('grant revoked at Zoom: Add Zoom meeting says Reconnect needed, the card shows it, Connect again works', async ({
  page,
}) => {
  await signUpByApi(page);
  const { caseId } = await clientAndCase(page);
  await page.goto('/account/settings/firm/integrations');
  const zoomEmail = `${unique('zoom')}@example.com`;
  await connectZoom(page, zoomEmail);
  await expect(cardStatus(page, 'Connected')).toBeVisible();

  await revokeZoomGrant(page.request, zoomEmail);
  await page.goto(`/cases/${caseId}/events/new`);
  await field(page, 'Title').fill('Hearing prep');
  await field(page, 'Starts').fill('2031-02-01T09:00');
  await page.getByRole('button', { name: 'Add Zoom meeting' }).click();
  // The guide's words for it: reconnect needed, click Connect again and re-authorize.
  await expect(page.getByText(/reconnect needed|connect again/i).first()).toBeVisible();

  await page.goto('/account/settings/firm/integrations');
  await expect(cardStatus(page, 'Reconnect needed')).toBeVisible();
  await connectZoom(page, zoomEmail);
  await expect(cardStatus(page, 'Connected')).toBeVisible();
  await expect(page.getByText(zoomEmail)).toBeVisible();
});

test('a member without team settings permission sees Connect disabled, with the reason', async ({ page, browser }) => {
  await signUpByApi(page);
  const member = newStaff('member');
  await apiPost(page, '/api/v1/users', {
    name: member.name,
    email: member.email,
    password: member.password,
    permissions: [],
  });

  const context = await browser.newContext();
  const memberPage = await context.newPage();
  await memberPage.goto('/login');
  await signIn(memberPage, member);
  await expect(memberPage).toHaveURL(/\/$/);
  await openIntegrations(memberPage);
  await expect(connectButton(memberPage)).toBeDisabled();
  await expect(memberPage.getByText(/team settings permission/i).first()).toBeVisible();
  await context.close();
});

test('a double click on Add Zoom meeting makes one meeting at Zoom', async ({ page }) => {
  await signUpByApi(page);
  const { caseId } = await clientAndCase(page);
  await page.goto('/account/settings/firm/integrations');
  const zoomEmail = `${unique('zoom')}@example.com`;
  await connectZoom(page, zoomEmail);
  await expect(cardStatus(page, 'Connected')).toBeVisible();

  await page.goto(`/cases/${caseId}/events/new`);
  await field(page, 'Title').fill('Deposition');
  await field(page, 'Starts').fill('2031-03-01T14:00');
  await page.getByRole('button', { name: 'Add Zoom meeting' }).dblclick();
  await expect(field(page, 'Video link')).toHaveValue(/^https:\/\/.+/);
  // Give a second request, if one went out, the time to land.
  await page.waitForTimeout(1000);
  expect((await zoomMeetings(page.request, zoomEmail)).count).toBe(1);
});
