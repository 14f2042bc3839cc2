/**
 * Where the browser suite's processes listen (the ports this suite owns: 3321–3339 and 4021–4039),
 * shared by playwright.config.ts and the specs.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3321);
export const NO_ZOOM_PORT = Number(process.env.E2E_NO_ZOOM_PORT ?? 3322);
export const ZOOM_PORT = Number(process.env.E2E_ZOOM_PORT ?? 4021);

export const APP_URL = `http://localhost:${APP_PORT}`;
/** A second server, on its own database, with Zoom not configured. */
export const NO_ZOOM_URL = `http://localhost:${NO_ZOOM_PORT}`;
export const ZOOM_URL = `http://127.0.0.1:${ZOOM_PORT}`;

export const ZOOM_CLIENT_ID = 'e2e-zoom-client';
export const ZOOM_CLIENT_SECRET = 'e2e-zoom-secret';

export const PASSWORD = 'correct horse battery staple';
