import type { DynamicModule, Type } from '@nestjs/common';
import { Test, type TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CommonModule } from '../../src/common/common.module.js';
import { AppLogger } from '../../src/common/logging/app-logger.js';
import { LoggingModule } from '../../src/common/logging/logging.module.js';
import { AppConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { assertNoSecretsLogged, LogCapture } from './log-capture.js';
import { testDatabaseUrl } from './test-database.js';
import { testEnvironment } from './test-env.js';

export interface ServiceModuleOptions {
  /** The modules under test; what they import comes with them. */
  imports: Array<Type<unknown> | DynamicModule>;
  env?: Record<string, string | undefined>;
  databaseUrl?: string;
  /** Test doubles of the infrastructure only (a clock a test moves), never of our services. */
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

export interface ServiceModule {
  moduleRef: TestingModule;
  /** A provider of the modules under test (also one they do not export). */
  get: <T>(type: Type<T>) => T;
  dataSource: DataSource;
  /** The database it runs on: another module on the same data (a second app instance) starts with { databaseUrl }. */
  databaseUrl: string;
  logs: LogCapture;
  /** Every secret the spec used: tokens, passwords. None may appear in the logs. */
  secrets: Set<string>;
  close: () => Promise<void>;
}

/**
 * The middle test tier: only the modules a service needs, on the infrastructure the app boots with
 * (validated config, the migrated test database, the common injectables, the logger), without HTTP.
 * Outside services are the real emulators, reached through the production clients.
 */
export async function createServiceModule(options: ServiceModuleOptions): Promise<ServiceModule> {
  const logs = new LogCapture();
  const env = testEnvironment(options.databaseUrl ?? testDatabaseUrl(), options.env);
  let builder = Test.createTestingModule({
    imports: [
      AppConfigModule.forRoot(env),
      LoggingModule.forRoot(logs.stream),
      DatabaseModule,
      CommonModule,
      ...options.imports,
    ],
  });
  if (options.customize) builder = options.customize(builder);
  const moduleRef = await builder.compile();
  moduleRef.useLogger(moduleRef.get(AppLogger));
  await moduleRef.init();
  const secrets = new Set<string>();
  return {
    moduleRef,
    get: (type) => moduleRef.get(type, { strict: false }),
    dataSource: moduleRef.get<DataSource>(getDataSourceToken()),
    databaseUrl: env.DATABASE_URL as string,
    logs,
    secrets,
    close: async () => {
      await moduleRef.close();
      assertNoSecretsLogged({ logs, secrets });
    },
  };
}
