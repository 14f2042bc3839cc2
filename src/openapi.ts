import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument, configureApp } from './app.setup.js';
import { environmentWith } from './config/process-env.js';

/**
 * Writes the OpenAPI document to the file named by the first argument (stdout without one), from an
 * app on a throwaway in-memory database: `npm run api:types` turns it into the web app's types.
 */
const app = await NestFactory.create(
  AppModule.forRoot({
    env: environmentWith({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', NODE_ENV: 'development' }),
  }),
  { logger: false },
);
configureApp(app);
await app.init();
const json = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
await app.close();
if (process.argv[2]) writeFileSync(process.argv[2], json);
else process.stdout.write(json);
