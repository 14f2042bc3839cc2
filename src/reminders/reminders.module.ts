import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ZoomModule } from '../integrations/zoom/zoom.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { CaseMembershipReminders } from './case-membership-reminders.js';
import { DeliveriesService } from './deliveries.service.js';
import { Delivery } from './delivery.entity.js';
import { ReminderRule } from './reminder-rule.entity.js';
import { ReminderRulesService } from './reminder-rules.service.js';
import { ReminderScheduler } from './reminder-scheduler.service.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersWorkerModule } from './reminders-worker.module.js';
import { ZoomReconnectNotices } from './zoom-reconnect-notices.js';

/** Reminder rules, their scheduling into the deliveries outbox, and the worker that sends it through Messaging. */
@Module({
  imports: [
    IdentityModule,
    CaseEventsModule,
    ZoomModule,
    MessagingModule,
    RemindersWorkerModule,
    TypeOrmModule.forFeature([ReminderRule, Delivery]),
  ],
  controllers: [RemindersController],
  providers: [
    ReminderScheduler,
    CaseMembershipReminders,
    ReminderRulesService,
    DeliveriesService,
    ZoomReconnectNotices,
  ],
  exports: [RemindersWorkerModule],
})
export class RemindersModule {}
