import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiGet, apiPost, clientAndCase, field, newStaff, signUpByApi, unique } from './support/app';
import { APP_URL, PASSWORD } from './support/env';

test.use({ bypassCSP: true }); // axe-core goes in as an inline script, which the pages' CSP refuses.

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOT_DIR = join(process.cwd(), 'docs', 'screenshots');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's full rule set on the page as it stands; every violation, worst first. */
async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } }
    ).axe.run(document);
    return result.violations;
  });
  return violations as AxeViolation[];
}

/** Waits for the page to settle: its main heading shown, no request in flight. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
}

async function check(page: Page, name: string, report: string[]): Promise<void> {
  await settled(page).catch(() => undefined);
  const violations = await axe(page);
  for (const v of violations) {
    report.push(
      `${name}: ${v.impact ?? '?'} ${v.id} (${v.nodes.length}) ${v.help} @ ${v.nodes
        .slice(0, 3)
        .map((n) => JSON.stringify(n.target))
        .join(' ')}`,
    );
  }
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}`);
  expect.soft(blocking, `serious or critical axe violations on ${name}`).toEqual([]);
  if (SCREENSHOTS) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  }
}

test('axe-core on every page: no serious or critical violation (screenshots with UPDATE_SCREENSHOTS=1)', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const report: string[] = [];

  // Signed out: sign in, and create a firm.
  const visitor = await browser.newContext({ bypassCSP: true });
  const signedOut = await visitor.newPage();
  await signedOut.goto(`${APP_URL}/login`);
  await check(signedOut, 'login', report);
  await signedOut.goto(`${APP_URL}/signup`);
  await check(signedOut, 'signup', report);
  await visitor.close();

  // A firm with Zoom connected (through the emulator's consent page), a client, a case, an event with its meeting.
  // Names that read well in the screenshots (the email stays unique).
  await signUpByApi(page, { ...newStaff(), firmName: 'Rivera & Doe LLP', name: 'Dana Rivera' });
  const { authorizeUrl } = await apiPost<{ authorizeUrl: string }>(page, '/api/v1/integrations/zoom/connect', {});
  await page.goto(authorizeUrl);
  await field(page, 'Zoom account email').fill(`dana.rivera.${unique('zoom')}@example.com`);
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page).toHaveURL(/\/account\/settings\/firm\/integrations(\?zoom=connected)?$/);
  const { clientId, caseId } = await clientAndCase(page, 'Estate of Rivera');
  const event = await apiPost<{ id: string }>(page, `/api/v1/cases/${caseId}/events`, {
    title: 'Intake call',
    startsAt: '2031-01-15T10:00:00-05:00',
    endsAt: '2031-01-15T11:00:00-05:00',
    timezone: 'America/New_York',
    location: 'Main office',
    sharedWithClients: true,
  });
  await apiPost(page, `/api/v1/events/${event.id}/zoom-meeting`, {});

  const pages: Array<[string, string]> = [
    ['upcoming-events', '/'],
    ['integrations', '/account/settings/firm/integrations'],
    ['team', '/account/settings/firm/team'],
    ['profile', '/account/settings/profile'],
    ['clients', '/clients'],
    ['client', `/clients/${clientId}`],
    ['cases', '/cases'],
    ['case', `/cases/${caseId}`],
    ['new-event', `/cases/${caseId}/events/new`],
    ['event', `/events/${event.id}`],
    ['messaging', '/account/settings/firm/messaging'],
    ['not-found', '/no-such-page'],
  ];
  for (const [name, path] of pages) {
    await page.goto(path);
    await check(page, name, report);
  }

  // The client portal: its sign-in, and the appointments page of a client with portal access.
  const portalClient = await apiGet<{ email: string; firmId: string }>(page, `/api/v1/clients/${clientId}`);
  const patched = await page.request.patch(`/api/v1/clients/${clientId}`, {
    data: { portalPassword: PASSWORD },
    headers: { Origin: APP_URL },
  });
  expect(patched.ok(), await patched.text()).toBe(true);
  const client = await browser.newContext({ bypassCSP: true });
  const portal = await client.newPage();
  await portal.goto(`${APP_URL}/portal/${portalClient.firmId}/login`);
  await check(portal, 'portal-login', report);
  await field(portal, 'Email').fill(portalClient.email);
  await field(portal, 'Password').fill(PASSWORD);
  await portal.getByRole('button', { name: 'Sign in' }).click();
  await expect(portal).toHaveURL(/\/portal$/);
  await check(portal, 'portal', report);
  await client.close();

  process.stdout.write(`axe-core violations, every impact (${report.length}):\n${report.join('\n') || '(none)'}\n`);
  await test.info().attach('axe-report.txt', { body: report.join('\n') || '(none)', contentType: 'text/plain' });
});
