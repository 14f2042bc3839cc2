import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { RateLimiter } from '../common/rate-limit/rate-limiter.js';
import { IdentityModule } from '../identity/identity.module.js';
import { CalendarFeedFileController } from './calendar-feed-file.controller.js';
import { CalendarFeedOffboarding } from './calendar-feed-offboarding.js';
import { CalendarFeedPublisher } from './calendar-feed-publisher.service.js';
import { CalendarFeed } from './calendar-feed.entity.js';
import { CalendarFeedRenderer } from './calendar-feed.renderer.js';
import { CalendarFeedsController } from './calendar-feeds.controller.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';
import { ClientFeedAccessListener } from './client-feed-access.listener.js';

/** Feed URLs (staff and client) and the .ics they serve. */
@Module({
  imports: [IdentityModule, CaseEventsModule, TypeOrmModule.forFeature([CalendarFeed])],
  controllers: [CalendarFeedsController, CalendarFeedFileController],
  providers: [
    CalendarFeedsService,
    CalendarFeedPublisher,
    CalendarFeedRenderer,
    RateLimiter,
    ClientFeedAccessListener,
    CalendarFeedOffboarding,
  ],
  exports: [CalendarFeedsService],
})
export class CalendarFeedModule {}
