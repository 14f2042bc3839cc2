import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from './config/app-config.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { useApiBodyParsers } from './common/http/body-parsing.js';
import { createValidationPipe } from './common/http/validation.js';
import { AppLogger } from './common/logging/app-logger.js';
import { requestId } from './common/logging/logging.module.js';
import { serveWebApp } from './web/web-app.js';

/**
 * Standard security headers, with a strict Content-Security-Policy for the pages: scripts only from
 * our own origin (no inline script); styles may be inline (the component library sets style
 * attributes). The API's own docs page (Swagger UI) starts itself with an inline script, so it
 * alone keeps that. `upgrade-insecure-requests` and HSTS only where APP_URL is https, on every path:
 * on a plain-http LAN address they would send the browser to an https port nobody serves.
 */
function useSecurityHeaders(express: NestExpressApplication, config: AppConfig): void {
  const https = new URL(config.appUrl).protocol === 'https:';
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'upgrade-insecure-requests': https ? [] : null,
  };
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, 'script-src': ["'self'", "'unsafe-inline'"] },
    },
    hsts: https,
  });
  const pages = helmet({ contentSecurityPolicy: { useDefaults: false, directives }, hsts: https });
  express.use((req: IncomingMessage & { path?: string }, res: never, next: () => void) =>
    ((req.path ?? '').startsWith('/api/docs') ? docs : pages)(req, res, next),
  );
}

/** Everything an HTTP app needs beyond its modules; main.ts and the e2e tests both call this. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(AppLogger));
  // Before the body parser, so even a malformed body's error carries a correlation id.
  app.use((req: IncomingMessage & { id?: string }, _res: unknown, next: () => void) => {
    req.id = requestId(req);
    next();
  });
  // Our parsers, and the refusal of __proto__/constructor keys and runaway nesting in whatever they parse.
  useApiBodyParsers(express);
  // Trust X-Forwarded-For only from the local reverse proxy, so the per-IP sign-in limit sees real clients.
  express.set('trust proxy', app.get(AppConfig).trustProxy);
  express.disable('x-powered-by');
  // Browser sessions and the Zoom connect binding travel in HttpOnly cookies (api.md, Conventions).
  app.use(cookieParser());
  useSecurityHeaders(express, app.get(AppConfig));
  // Before the routes: pages and their assets, for browsers; everything else falls through to Nest.
  serveWebApp(express, app.get(AppConfig));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document of every route: served at /api/docs, and the source of the web app's API types. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MyLawyerLink Zoom integration API')
      .setDescription('Zoom meetings on case events, the client portal calendar, calendar feeds and reminders.')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('mll_staff_session', { type: 'apiKey', in: 'cookie', name: 'mll_staff_session' }, 'staff-session')
      .addCookieAuth(
        'mll_client_session',
        { type: 'apiKey', in: 'cookie', name: 'mll_client_session' },
        'client-session',
      )
      .build(),
  );
}
