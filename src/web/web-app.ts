import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/app-config.js';
import { isOutsidePages, isPagePath } from './page-paths.js';

const YEAR_S = 365 * 86_400;

/** The project's root: the nearest folder above this file with a package.json (src/ under ts-jest, dist/src/ when built). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MyLawyerLink</title></head>
<body><main><h1>The web app has not been built</h1><p>Run <code>npm run build</code>, then start the server again.</p></main></body></html>`;

/** Whether the request asks for a page: a GET or HEAD whose Accept names text/html. */
function wantsPage(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the web app built from web/ (api.md, Conventions, "Web pages"): hashed assets cached for a
 * year, whatever the Accept; pages (index.html) never cached, 200 for a page the app has and 404 for
 * any other path; requests that do not ask for HTML keep the JSON error body. A page opened on
 * another host than APP_URL's is sent there, so its cookies and origin checks hold.
 */
export function serveWebApp(app: NestExpressApplication, config: AppConfig): void {
  const dist = join(projectRoot(), 'web', 'dist');
  const indexFile = join(dist, 'index.html');
  const appUrl = new URL(config.appUrl);
  let index: string | null = null;
  const page = (): string => (index ??= existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : NOT_BUILT);

  app.use(
    '/assets',
    express.static(join(dist, 'assets'), { index: false, immutable: true, maxAge: YEAR_S * 1000, fallthrough: true }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isOutsidePages(req.path) || !wantsPage(req)) return next();
    if (req.headers.host !== appUrl.host) return res.redirect(302, `${appUrl.origin}${req.originalUrl}`);
    res.status(isPagePath(req.path) ? 200 : 404);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page());
  });
}
