import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityCoreModule } from '../identity/identity-core.module.js';
import { CaseEventHooks } from './case-event-hooks.js';
import { CaseEventPages } from './case-event-pages.js';
import { CaseEvent, CaseEventStaff } from './case-event.entity.js';
import { CaseEventsService } from './case-events.service.js';
import { TimelineCache } from './timeline-cache.js';

/**
 * Case events and the service other modules read them through, without the HTTP side or Zoom: what
 * the reminder worker loads. CaseEventsModule re-exports it.
 */
@Module({
  imports: [IdentityCoreModule, TypeOrmModule.forFeature([CaseEvent, CaseEventStaff])],
  providers: [CaseEventsService, CaseEventPages, TimelineCache, CaseEventHooks],
  exports: [CaseEventsService, CaseEventPages, TimelineCache, CaseEventHooks],
})
export class CaseEventsCoreModule {}
