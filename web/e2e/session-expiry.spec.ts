import { expect, test } from '@playwright/test';
import { clientAndCase, field, signIn, signUpByApi } from './support/app';
import { APP_URL } from './support/env';

test('a session that dies mid-form loses nothing typed: /login, sign in, the values are back', async ({ page }) => {
  const staff = await signUpByApi(page);
  const { caseId } = await clientAndCase(page);
  await page.goto(`/cases/${caseId}/events/new`);
  await field(page, 'Title').fill('Settlement conference');
  await field(page, 'Starts').fill('2031-04-02T13:30');
  await field(page, 'Location').fill('Courtroom 4B');
  await field(page, 'Description').fill('Bring the signed retainer.');

  // The session dies elsewhere (signed out in another tab, expired): the page still thinks it is signed in.
  const cookies = await page.context().cookies(APP_URL);
  const session = cookies.find((c) => c.name === 'mll_staff_session');
  expect(session).toBeDefined();
  const res = await page.request.post('/api/v1/auth/logout', { headers: { Origin: APP_URL } });
  expect(res.status()).toBe(204);
  await page.context().addCookies([session!]);

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, staff);
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/events/new`));
  await expect(field(page, 'Title')).toHaveValue('Settlement conference');
  await expect(field(page, 'Starts')).toHaveValue('2031-04-02T13:30');
  await expect(field(page, 'Location')).toHaveValue('Courtroom 4B');
  await expect(field(page, 'Description')).toHaveValue('Bring the signed retainer.');
});
