import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SmsEmulator } from '../../test/emulators/sms-emulator';
import { SmtpSink } from '../../test/emulators/smtp-sink';
import { apiGet, apiPost, clientAndCase, field, signUpByApi, signUpInPage, unique } from './support/app';

/** Connects Zoom through the emulator's consent page, without the Integrations card (its own spec covers that). */
async function connectZoomByApi(page: Page): Promise<void> {
  const { authorizeUrl } = await apiPost<{ authorizeUrl: string }>(page, '/api/v1/integrations/zoom/connect', {});
  await page.goto(authorizeUrl);
  await field(page, 'Zoom account email').fill(`${unique('zoom')}@example.com`);
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page).toHaveURL(/\/account\/settings\/firm\/integrations(\?zoom=connected)?$/);
}

/** A client on a case with an event shared with clients that has a Zoom meeting; its join URL. */
async function eventWithZoom(
  page: Page,
): Promise<{ clientId: string; eventTitle: string; joinUrl: string; clientName: string }> {
  await connectZoomByApi(page);
  const { clientId, caseId } = await clientAndCase(page, unique('Estate of Doe'));
  const client = (await (await page.request.get(`/api/v1/clients/${clientId}`)).json()) as {
    firstName: string;
    lastName: string;
  };
  const eventTitle = unique('Intake call');
  const event = await apiPost<{ id: string }>(page, `/api/v1/cases/${caseId}/events`, {
    title: eventTitle,
    startsAt: '2031-01-15T10:00:00-05:00',
    endsAt: '2031-01-15T11:00:00-05:00',
    timezone: 'America/New_York',
    sharedWithClients: true,
  });
  const withMeeting = await apiPost<{ videoLink: string }>(page, `/api/v1/events/${event.id}/zoom-meeting`, {});
  return { clientId, eventTitle, joinUrl: withMeeting.videoLink, clientName: `${client.firstName} ${client.lastName}` };
}

/** Chooses an option of a Mantine select by its label. */
async function choose(page: Page, label: string, option: RegExp | string): Promise<void> {
  await page
    .getByRole('textbox', { name: label })
    .or(page.getByRole('combobox', { name: label }))
    .first()
    .click();
  await page.getByRole('option', { name: option }).first().click();
}

const body = (page: Page) => field(page, 'Body');

test("an SMS template through the merge-field picker, previewed with a Zoom event's real join URL, saved, then a reminder rule", async ({
  page,
}) => {
  await signUpInPage(page);
  const { eventTitle, joinUrl, clientName } = await eventWithZoom(page);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messaging' }).click();
  await expect(page).toHaveURL(/\/account\/settings\/firm\/messaging$/);
  await expect(page.getByText('No templates yet.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'New template' }).click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'SMS' })).toBeChecked();
  await field(page, 'Name').fill('Day-before reminder');
  await body(page).fill('Hi {{client_first_name}}, join at ');
  await choose(page, 'Insert merge field', /^video_link/);
  await expect(body(page)).toHaveValue('Hi {{client_first_name}}, join at {{video_link}}');
  // The cursor is after the inserted field: typing goes on from there.
  await page.keyboard.type(' today.');
  await expect(body(page)).toHaveValue('Hi {{client_first_name}}, join at {{video_link}} today.');
  await expect(dialog.getByText('No problems found.')).toBeVisible();

  await choose(page, 'Preview with event', new RegExp(eventTitle));
  await choose(page, 'Preview with client', clientName);
  const rendered = dialog.getByLabel('Rendered message');
  await expect(rendered).toHaveText(`Hi Carla, join at ${joinUrl} today.`);
  expect(joinUrl).toMatch(/^https:\/\//);
  await expect(dialog.getByText(`${`Hi Carla, join at ${joinUrl} today.`.length} / 1,600 characters`)).toBeVisible();
  await expect(dialog.getByText('1 segment')).toBeVisible();
  await expect(dialog.getByText('GSM-7 encoding')).toBeVisible();

  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const templates = page.getByRole('table', { name: 'Templates' });
  await expect(templates.getByRole('cell', { name: 'Day-before reminder', exact: true })).toBeVisible();

  // A reminder rule: the template a day before.
  await page.getByRole('button', { name: 'Add reminder' }).click();
  const reminder = page.getByRole('dialog', { name: 'Add reminder' });
  await choose(page, 'Template', /Day-before reminder/);
  await field(page, 'How long before').fill('24');
  await reminder.getByRole('button', { name: 'Save' }).click();
  await expect(reminder).toBeHidden();
  const rules = page.getByRole('table', { name: 'Client reminders' });
  await expect(rules.getByRole('row', { name: /Day-before reminder.*1 day before/ })).toBeVisible();

  // Still there after a reload (saved on the server), and the rule can be deleted.
  await page.reload();
  await expect(rules.getByRole('row', { name: /Day-before reminder.*1 day before/ })).toBeVisible();
  await rules.getByRole('button', { name: /Delete the reminder Day-before reminder/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No reminders yet.')).toBeVisible();
});

test('the editor names an unknown merge field and places a syntax error by line and column, as one types', async ({
  page,
}) => {
  await signUpByApi(page);
  await page.goto('/account/settings/firm/messaging');
  await page.getByRole('button', { name: 'New template' }).click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByRole('radio', { name: 'Email' }).check();
  await field(page, 'Name').fill('Broken');
  await field(page, 'Subject').fill('Your meeting on {{event_date}}');

  await body(page).fill('Hello {{nope}}');
  const problem = dialog.getByRole('alert');
  await expect(problem).toContainText('Unknown merge field: nope');
  await expect(problem).toContainText('nope is not a merge field');

  await body(page).fill('Hello\nthere {% if %}');
  // The position the server gives (from 1), in words: where `{% if %}` lacks its condition.
  await expect(problem).toContainText(/Line 2, column \d+: syntax error/);
  await expect(problem).toContainText('The body has a syntax error at line 2');

  // Saving is refused for the same reason, shown at the same place.
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(problem.first()).toContainText(/Line 2, column \d+: syntax error/);
  await expect(dialog).toBeVisible();

  await body(page).fill('Hello {{client_first_name}}');
  await expect(dialog.getByText('No problems found.')).toBeVisible();
  await expect(problem).toHaveCount(0);
});

test('a member without team settings reads the templates and reminders, with no controls to change them', async ({
  page,
  browser,
}) => {
  await signUpByApi(page);
  await apiPost(page, '/api/v1/messaging/templates', {
    channel: 'sms',
    name: 'Morning reminder',
    body: 'See you at {{event_time}}',
  });
  const email = `${unique('member')}@example.com`;
  await apiPost(page, '/api/v1/users', {
    name: 'Sam Member',
    email,
    password: 'correct horse battery staple',
    permissions: [],
  });
  const other = await browser.newContext();
  const member = await other.newPage();
  await member.goto('/login');
  await field(member, 'Email').fill(email);
  await field(member, 'Password').fill('correct horse battery staple');
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member).toHaveURL(/\/$/);
  await member.goto('/account/settings/firm/messaging');
  await expect(member.getByText(/only members with the Team settings permission/)).toBeVisible();
  await expect(member.getByRole('cell', { name: 'Morning reminder', exact: true })).toBeVisible();
  await expect(member.getByRole('button', { name: 'New template' })).toHaveCount(0);
  await expect(member.getByRole('button', { name: 'Add reminder' })).toHaveCount(0);
  await expect(member.getByRole('button', { name: /Edit|Delete/ })).toHaveCount(0);
  await other.close();
});

test.describe('the editor open, with a preview and a problem', () => {
  test.use({ bypassCSP: true }); // axe-core goes in as an inline script, which the pages' CSP refuses.

  test('an email preview shows the escaped body as text, never as HTML; axe finds no serious violation', async ({
    page,
  }) => {
    await signUpByApi(page);
    const { clientId, caseId } = await clientAndCase(page, unique('Estate of Roe'));
    const client = (await (await page.request.get(`/api/v1/clients/${clientId}`)).json()) as {
      firstName: string;
      lastName: string;
    };
    const eventTitle = unique('Hearing');
    await apiPost(page, `/api/v1/cases/${caseId}/events`, {
      title: eventTitle,
      startsAt: '2031-03-02T15:00:00-05:00',
      timezone: 'America/New_York',
      videoLink: 'https://example.com/j/42',
      sharedWithClients: true,
    });
    await page.goto('/account/settings/firm/messaging');
    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog', { name: 'New template' });
    await dialog.getByRole('radio', { name: 'Email' }).check();
    await field(page, 'Name').fill('Hearing notice');
    await field(page, 'Subject').fill('Your hearing on {{event_date}}');
    await body(page).fill('<b>Hi</b> {{client_first_name}}, join at {{video_link}}');
    await choose(page, 'Preview with event', new RegExp(eventTitle));
    await choose(page, 'Preview with client', `${client.firstName} ${client.lastName}`);
    await expect(dialog.getByText('Your hearing on Sunday, March 2, 2031')).toBeVisible();
    const rendered = dialog.getByLabel('Rendered message');
    // The server escapes the merge fields' values; the page shows whatever comes back as text.
    await expect(rendered).toHaveText('<b>Hi</b> Carla, join at https://example.com/j/42');
    await expect(rendered.locator('b')).toHaveCount(0);

    await field(page, 'Subject').fill('Your hearing {{ nope }}');
    await expect(dialog.getByRole('alert')).toContainText('Unknown merge field: nope');

    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (ctx: Document) => Promise<{
              violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }>;
            }>;
          };
        }
      ).axe;
      return (await axe.run(document)).violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        at: v.nodes.slice(0, 3).map((n) => n.target),
      }));
    });
    process.stdout.write(`axe-core on the open editor: ${JSON.stringify(violations)}\n`);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
});

/** `node dist/src/worker.js --once` on the app server's database, sending through the given transports; its exit code. */
function runWorkerOnce(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const runDir = process.env.E2E_RUN_DIR ?? '';
  const child = spawn(process.execPath, ['dist/src/worker.js', '--once'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `sqlite:${join(runDir, 'app.sqlite')}`,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

test('reminder rules made on the page go out: the worker sends the email and the SMS with the meeting link', async ({
  page,
}) => {
  const sink = new SmtpSink();
  const sms = new SmsEmulator();
  await Promise.all([sink.start(), sms.start()]);
  try {
    await signUpByApi(page);
    const last = unique('Client');
    const email = `${last.toLowerCase()}@example.com`;
    const client = await apiPost<{ id: string }>(page, '/api/v1/clients', {
      firstName: 'Carla',
      lastName: last,
      email,
      phone: '+14155550123',
      smsOptIn: true,
    });
    const kase = await apiPost<{ id: string }>(page, '/api/v1/cases', {
      title: unique('Estate of Poe'),
      clientIds: [client.id],
    });
    await apiPost(page, '/api/v1/messaging/templates', {
      channel: 'sms',
      name: 'Text reminder',
      body: 'Hi {{client_first_name}}, join at {{video_link}}',
    });
    await apiPost(page, '/api/v1/messaging/templates', {
      channel: 'email',
      name: 'Email reminder',
      subject: 'Your meeting: {{event_title}}',
      body: 'Join at {{video_link}}',
    });

    // Both rules a day before, through the page.
    await page.goto('/account/settings/firm/messaging');
    for (const name of ['Text reminder', 'Email reminder']) {
      await page.getByRole('button', { name: 'Add reminder' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add reminder' });
      await choose(page, 'Template', new RegExp(name));
      await field(page, 'How long before').fill('1');
      await choose(page, 'Unit', 'hours');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();
      await expect(
        page
          .getByRole('table', { name: 'Client reminders' })
          .getByRole('row', { name: new RegExp(`${name}.*1 hour before`) }),
      ).toBeVisible();
    }

    // An event shared with clients in 30 minutes: its reminders are already due.
    const link = `https://example.com/j/${Date.now()}`;
    const startsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const event = await apiPost<{ id: string }>(page, `/api/v1/cases/${kase.id}/events`, {
      title: 'Signing',
      startsAt,
      timezone: 'America/New_York',
      videoLink: link,
      sharedWithClients: true,
    });

    const run = await runWorkerOnce({ SMTP_URL: sink.url, ...sms.env() });
    expect(run.code, run.stderr).toBe(0);
    // Only this test's messages (the worker serves the whole database, other tests' firms included).
    expect(sms.messages.filter((m) => m.body.includes(link)).map((m) => [m.to, m.body])).toEqual([
      ['+14155550123', `Hi Carla, join at ${link}`],
    ]);
    const mails = sink.messages.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Your meeting: Signing');
    expect(mails[0]?.source).toContain(link);
    const deliveries = await apiGet<{ items: Array<{ status: string }> }>(
      page,
      `/api/v1/events/${event.id}/deliveries`,
    );
    expect(deliveries.items.map((d) => d.status).sort()).toEqual(['sent', 'sent']);
  } finally {
    await Promise.all([sink.stop(), sms.stop()]);
  }
});

test('edit a template with the keyboard only (the picker included), then delete it', async ({ page }) => {
  await signUpByApi(page);
  await apiPost(page, '/api/v1/messaging/templates', { channel: 'sms', name: 'Short note', body: 'See you soon.' });
  await page.goto('/account/settings/firm/messaging');
  await page.getByRole('button', { name: 'Edit Short note' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Edit template Short note' });
  await expect(body(page)).toHaveValue('See you soon.');
  await body(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.type('Hi ');
  // To the picker, choose by typing, and back in the body after the field.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('combobox', { name: 'Insert merge field' })).toBeFocused();
  await page.keyboard.type('client_first');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(body(page)).toHaveValue('Hi {{client_first_name}}See you soon.');
  await expect(body(page)).toBeFocused();
  await page.keyboard.type('! ');
  await expect(body(page)).toHaveValue('Hi {{client_first_name}}! See you soon.');
  await dialog.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('table', { name: 'Templates' }).getByText('Hi {{client_first_name}}! See you soon.'),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Delete Short note' }).click();
  await page
    .getByRole('dialog', { name: 'Delete the template Short note?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByText('No templates yet.', { exact: false })).toBeVisible();
});
