import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { CalendarFeedFileController } from './calendar-feed-file.controller.js';
import { CalendarFeedOffboarding } from './calendar-feed-offboarding.js';
import { CalendarFeedPublisher } from './calendar-feed-publisher.service.js';
import { CalendarFeed } from './calendar-feed.entity.js';
import { CalendarFeedRenderer } from './calendar-feed.renderer.js';
import { CalendarFeedsController } from './calendar-feeds.controller.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';
import { ClientFeedAccessListener } from './client-feed-access.listener.js';
import { FirmEventVersionListener } from './firm-event-version.listener.js';

/** Feed URLs (staff and client) and the .ics they serve; the rate limiter is IdentityModule's. */
@Module({
  imports: [IdentityModule, CaseEventsModule, TypeOrmModule.forFeature([CalendarFeed])],
  controllers: [CalendarFeedsController, CalendarFeedFileController],
  providers: [
    CalendarFeedsService,
    CalendarFeedPublisher,
    CalendarFeedRenderer,
    ClientFeedAccessListener,
    FirmEventVersionListener,
    CalendarFeedOffboarding,
  ],
  exports: [CalendarFeedsService],
})
export class CalendarFeedModule {}
