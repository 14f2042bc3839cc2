import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ZoomModule } from '../integrations/zoom/zoom.module.js';
import { CaseMembershipReminders } from './case-membership-reminders.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryContextLoader } from './delivery-context.loader.js';
import { DeliveryMessages } from './delivery-messages.js';
import { DeliveryRecorder } from './delivery-recorder.js';
import { DeliveryWorker } from './delivery-worker.service.js';
import { Delivery } from './delivery.entity.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageRenderer } from './message-renderer.service.js';
import { MessageTemplate } from './message-template.entity.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { MessagingController } from './messaging.controller.js';
import { ReminderRule } from './reminder-rule.entity.js';
import { ReminderRulesService } from './reminder-rules.service.js';
import { ReminderScheduler } from './reminder-scheduler.service.js';
import { RemindersController } from './reminders.controller.js';
import { CaseEventRenderContextLoader, RENDER_CONTEXT_LOADER } from './render-context.loader.js';
import { RenderQueue } from './render-queue.js';
import { TemplateEngine } from './template-engine.js';
import { EmailSender } from './transports/email.sender.js';
import { SmsSender } from './transports/sms.sender.js';
import { ZoomReconnectNotices } from './zoom-reconnect-notices.js';

/**
 * Merge fields, templates, rendering, and the SMS and email transports reminders go out through;
 * reminder rules, the deliveries outbox, and the worker that sends it.
 */
@Module({
  imports: [
    IdentityModule,
    CaseEventsModule,
    ZoomModule,
    TypeOrmModule.forFeature([MessageTemplate, ReminderRule, Delivery]),
  ],
  controllers: [MessagingController, RemindersController],
  providers: [
    TemplateEngine,
    RenderQueue,
    MessageRenderer,
    MessageTemplatesService,
    MessageComposer,
    EmailSender,
    SmsSender,
    { provide: RENDER_CONTEXT_LOADER, useClass: CaseEventRenderContextLoader },
    ReminderScheduler,
    CaseMembershipReminders,
    ReminderRulesService,
    DeliveriesService,
    ZoomReconnectNotices,
    DeliveryContextLoader,
    DeliveryMessages,
    DeliveryRecorder,
    DeliveryWorker,
  ],
  exports: [
    MessageRenderer,
    MessageTemplatesService,
    MessageComposer,
    EmailSender,
    SmsSender,
    RENDER_CONTEXT_LOADER,
    DeliveryWorker,
  ],
})
export class MessagingModule {}
