import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommonModule } from './common/common.module.js';
import { DomainError } from './common/errors/domain-error.js';
import { AppConfigModule } from './config/config.module.js';
import { exitOnBootFailure } from './config/boot-failure.js';
import { DatabaseModule } from './database/database.module.js';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from './identity/firm-subscription.js';
import { FirmsService } from './identity/firms.service.js';
import { IdentityModule } from './identity/identity.module.js';

/** Firms are Identity's: the command goes through its exported FirmsService, like any other module. */
@Module({
  imports: [AppConfigModule.forRoot(), DatabaseModule, CommonModule, IdentityModule],
})
class CliModule {}

const USAGE = `Usage:
  npm run cli -- firm:subscription --firm <id> --status <${SUBSCRIPTION_STATUSES.join('|')}>`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'firm:subscription') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { firm: { type: 'string' }, status: { type: 'string' } } });
  if (!values.firm || !values.status || !(SUBSCRIPTION_STATUSES as readonly string[]).includes(values.status)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const firm = await app.get(FirmsService).setSubscriptionStatus(values.firm, values.status as SubscriptionStatus);
    process.stdout.write(`Firm ${firm.id} (${firm.name}) subscription is now ${firm.subscriptionStatus}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then((code) => process.exit(code), exitOnBootFailure);
