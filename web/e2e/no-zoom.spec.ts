import { expect, test } from '@playwright/test';
import { connectButton, openIntegrations, signUpInPage } from './support/app';
import { NO_ZOOM_URL } from './support/env';

test.use({ baseURL: NO_ZOOM_URL });

test('a server without Zoom: the card says Zoom is not enabled on this deployment, and there is no Connect', async ({
  page,
}) => {
  await signUpInPage(page);
  await openIntegrations(page);
  await expect(page.getByText(/Zoom is not enabled on this deployment/)).toBeVisible();
  await expect(connectButton(page)).toHaveCount(0);
});
