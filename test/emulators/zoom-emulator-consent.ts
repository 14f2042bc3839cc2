import type { IncomingMessage } from 'node:http';

/** The authorize parameters the consent form carries back to the emulator, untouched. */
export const CONSENT_PARAMS = [
  'client_id',
  'response_type',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

export type ConsentDecision = 'allow' | 'deny';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A browser asking for a page (Accept names text/html) gets the consent page; fetch and curl (Accept: *\/*) get today's automatic answer. */
export function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(req.headers.accept ?? '');
}

/**
 * Zoom's "sign in and approve" step as a page: an email field (who signs in at Zoom, prefilled with the
 * emulator's signed-in user) and Allow / Deny, posting back to /oauth/authorize with the original query.
 */
export function renderConsentPage(
  query: Record<string, string>,
  signedInEmail: string,
  appName = 'MyLawyerLink',
): string {
  const hidden = CONSENT_PARAMS.filter((name) => query[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query[name] ?? '')}">`)
    .join('\n        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in to Zoom · Zoom emulator</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d1d1f; margin: 0; }
    main { max-width: 28rem; margin: 4rem auto; background: #fff; border: 1px solid #d0d4da; border-radius: 8px; padding: 2rem; }
    h1 { font-size: 1.4rem; margin-top: 0; }
    label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
    input[type=email] { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 1px solid #6b7280; border-radius: 4px; }
    ul { padding-left: 1.2rem; }
    .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
    button { font-size: 1rem; padding: .55rem 1.4rem; border-radius: 4px; border: 1px solid #0b5cff; cursor: pointer; }
    button[value=allow] { background: #0b5cff; color: #fff; }
    button[value=deny] { background: #fff; color: #0b4ad1; }
    button:focus-visible, input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
    .note { color: #4b5563; font-size: .85rem; margin-top: 1.5rem; }
  </style>
</head>
<body>
  <main>
    <h1>Sign in to Zoom and approve</h1>
    <p><strong>${escapeHtml(appName)}</strong> would like to:</p>
    <ul>
      <li>Create Zoom meetings (meeting:write:meeting)</li>
      <li>Read your Zoom account email (user:read:user)</li>
    </ul>
    <form method="post" action="/oauth/authorize">
        ${hidden}
        <label for="email">Zoom account email</label>
        <input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(signedInEmail)}" required>
        <div class="actions">
          <button type="submit" name="decision" value="allow">Allow</button>
          <button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
        </div>
    </form>
    <p class="note">This is the local Zoom emulator, not zoom.us.</p>
  </main>
</body>
</html>
`;
}
