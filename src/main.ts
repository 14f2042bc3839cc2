import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { AppConfig } from './config/app-config.js';
import { exitOnBootFailure } from './config/boot-failure.js';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const app = await NestFactory.create(AppModule.forRoot(), { bufferLogs: true, abortOnError: false, rawBody: true });
  configureApp(app);
  await app.listen(app.get(AppConfig).port);
}

bootstrap().catch(exitOnBootFailure);
