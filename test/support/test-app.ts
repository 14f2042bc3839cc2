import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { assertNoSecretsLogged, LogCapture } from './log-capture.js';
import { testDatabaseUrl } from './test-database.js';
import { testEnvironment } from './test-env.js';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  /** The database this app runs on: another instance on the same data starts with createTestApp({ databaseUrl }). */
  databaseUrl: string;
  logs: LogCapture;
  /** Every secret the test used: passwords, tokens. None may appear in the logs. */
  secrets: Set<string>;
  /** The base URL when started with listen: true. */
  url: string;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  databaseUrl?: string;
  /** Listen on a real port (needed when something outside supertest calls the app). */
  listen?: boolean;
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** The whole AppModule against the real test database, with its logs captured. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs = new LogCapture();
  const env = testEnvironment(options.databaseUrl ?? testDatabaseUrl(), options.env);
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot({ env, logDestination: logs.stream })] });
  if (options.customize) builder = options.customize(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, rawBody: true });
  configureApp(app);
  let url = '';
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
  } else {
    await app.init();
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const secrets = new Set<string>();
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource,
    databaseUrl: env.DATABASE_URL as string,
    logs,
    secrets,
    url,
    close: async () => {
      await app.close();
      // Every e2e file checks its own logs: no password or token it used may have been logged.
      assertNoSecretsLogged({ logs, secrets });
    },
  };
}

export { secretsInLogs } from './log-capture.js';
