import { expect, test, type Page } from '@playwright/test';
import { cardStatus, signUpByApi, unique } from './support/app';

/** Tabs until the focused element is the one named, at most `max` presses. */
async function tabTo(page: Page, role: 'button' | 'link' | 'textbox', name: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled =
        el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null);
      return (labelled ?? el.textContent ?? '').trim();
    });
    if (focused === name || focused.replace(/\s*\*$/, '') === name) return;
  }
  throw new Error(`could not reach the ${role} "${name}" with Tab`);
}

test('Connect → Allow with the keyboard only', async ({ page }) => {
  await signUpByApi(page);
  const zoomEmail = `${unique('zoom')}@example.com`;
  await page.goto('/account/settings/firm/integrations');
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
  await tabTo(page, 'button', 'Connect');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Sign in to Zoom and approve' })).toBeVisible();
  await tabTo(page, 'textbox', 'Zoom account email');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(zoomEmail);
  await tabTo(page, 'button', 'Allow');
  await page.keyboard.press('Space');

  await expect(page).toHaveURL(/\/account\/settings\/firm\/integrations(\?zoom=connected)?$/);
  await expect(cardStatus(page, 'Connected')).toBeVisible();
  await expect(page.getByText(zoomEmail)).toBeVisible();
});
