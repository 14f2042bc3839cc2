import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './common/logging/app-logger.js';
import { exitOnBootFailure } from './config/boot-failure.js';
import { DeliveryWorker } from './reminders/delivery-worker.service.js';
import { WorkerModule } from './worker.module.js';

const USAGE = 'Usage: npm run worker [-- --once]';

async function main(): Promise<number> {
  let once: boolean;
  try {
    once = parseArgs({ options: { once: { type: 'boolean', default: false } } }).values.once === true;
  } catch {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), {
    bufferLogs: true,
    abortOnError: false,
  }).catch(exitOnBootFailure);
  app.useLogger(app.get(AppLogger));
  const logger = new NestLogger('Worker');
  const worker = app.get(DeliveryWorker);
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  // A signal stops claiming at once; sends in flight finish and are recorded, the rest is handed back.
  const stopped = signalled.then((signal) => {
    logger.log(`${signal}: no new claims; finishing the sends in flight`);
    return worker.stop();
  });
  try {
    if (once) {
      logger.log(`Done: ${JSON.stringify(await worker.runOnce())}`);
    } else {
      logger.log('Polling for due deliveries');
      worker.start();
      await stopped;
    }
    await worker.stop();
    return 0;
  } catch (error) {
    logger.error(`The worker stopped on an error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await app.close();
  }
}

main().then((code) => process.exit(code), exitOnBootFailure);
