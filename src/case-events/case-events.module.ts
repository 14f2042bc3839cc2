import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { CaseEventFeedQueries } from './case-event-feed.queries.js';
import { CaseEventStaffOffboarding } from './case-event-staff-offboarding.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import { CaseEventsController } from './case-events.controller.js';
import { CaseEventsCoreModule } from './case-events-core.module.js';
import { EventZoomMeetingController } from './event-zoom-meeting.controller.js';
import { EventZoomMeetingService } from './event-zoom-meeting.service.js';
import { FirmCalendarController } from './firm-calendar.controller.js';
import { FirmCalendarQueries } from './firm-calendar.queries.js';
import { ZoomModule } from '../integrations/zoom/zoom.module.js';

/** Events on a case's timeline; "Add Zoom meeting" lives here too. */
@Module({
  imports: [CaseEventsCoreModule, IdentityModule, ZoomModule, TypeOrmModule.forFeature([CaseEvent, CaseEventStaff])],
  controllers: [CaseEventsController, EventZoomMeetingController, FirmCalendarController],
  providers: [EventZoomMeetingService, CaseEventFeedQueries, FirmCalendarQueries, CaseEventStaffOffboarding],
  exports: [CaseEventsCoreModule, CaseEventFeedQueries],
})
export class CaseEventsModule {}
