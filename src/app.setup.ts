import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { useApiBodyParsers } from './common/http/body-parsing.js';
import { createValidationPipe } from './common/http/validation.js';
import { requestId } from './common/logging/logging.module.js';

/** Everything an HTTP app needs beyond its modules; main.ts and the e2e tests both call this. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
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
  app.use(helmet({ contentSecurityPolicy: { useDefaults: true, directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MyLawyerLink Zoom integration API')
      .setDescription('Zoom meetings on case events, the client portal calendar, calendar feeds and reminders.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

}
