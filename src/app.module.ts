import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { DestinationStream } from 'pino';
import { CalendarFeedModule } from './calendar-feed/calendar-feed.module.js';
import { CaseEventsModule } from './case-events/case-events.module.js';
import { CommonModule } from './common/common.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthController } from './health/health.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { ZoomModule } from './integrations/zoom/zoom.module.js';
import { MaintenanceModule } from './maintenance/maintenance.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { PortalModule } from './portal/portal.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { TeamModule } from './team/team.module.js';

export interface AppOptions {
  /** The environment to validate; the process environment by default. */
  env?: Record<string, string | undefined>;
  /** Where JSON log lines go; stdout by default. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        LoggingModule.forRoot(options.logDestination),
        DatabaseModule,
        CommonModule,
        ScheduleModule.forRoot(),
        IdentityModule,
        ZoomModule,
        CaseEventsModule,
        MessagingModule,
        RemindersModule,
        PortalModule,
        CalendarFeedModule,
        MaintenanceModule,
        TeamModule,
      ],
      controllers: [HealthController],
    };
  }
}
