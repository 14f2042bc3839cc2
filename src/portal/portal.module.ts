import { Module } from '@nestjs/common';
import { CalendarFeedModule } from '../calendar-feed/calendar-feed.module.js';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PortalController } from './portal.controller.js';

/** What a client sees. */
@Module({ imports: [IdentityModule, CaseEventsModule, CalendarFeedModule], controllers: [PortalController] })
export class PortalModule {}
