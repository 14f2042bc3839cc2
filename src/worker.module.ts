import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { CommonModule } from './common/common.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { RemindersWorkerModule } from './reminders/reminders-worker.module.js';

export interface WorkerOptions {
  /** The environment to validate; the process environment by default. */
  env?: Record<string, string | undefined>;
  /** Where JSON log lines go; stdout by default. */
  logDestination?: DestinationStream;
}

/**
 * What the reminder worker process boots: config, logs, the database and the outbox's sender. No HTTP
 * module, controller or scheduled job, so it loads about half the code the app does (and not Swagger).
 */
@Module({})
export class WorkerModule {
  static forRoot(options: WorkerOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        LoggingModule.forRoot(options.logDestination),
        DatabaseModule,
        CommonModule,
        RemindersWorkerModule,
      ],
    };
  }
}
