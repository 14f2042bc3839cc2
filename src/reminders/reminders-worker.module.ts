import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventsCoreModule } from '../case-events/case-events-core.module.js';
import { IdentityCoreModule } from '../identity/identity-core.module.js';
import { MessagingCoreModule } from '../messaging/messaging-core.module.js';
import { DeliveryContextLoader } from './delivery-context.loader.js';
import { DeliveryMessages } from './delivery-messages.js';
import { DeliveryRecorder } from './delivery-recorder.js';
import { DeliveryWorker } from './delivery-worker.service.js';
import { Delivery } from './delivery.entity.js';
import { DueDeliveries } from './due-deliveries.js';
import { ReminderRule } from './reminder-rule.entity.js';

/**
 * What sending the outbox needs, and nothing more: the worker process boots this (no controllers,
 * guards, Swagger, Zoom or scheduled jobs), and RemindersModule re-exports it to the app.
 */
@Module({
  imports: [
    IdentityCoreModule,
    CaseEventsCoreModule,
    MessagingCoreModule,
    TypeOrmModule.forFeature([ReminderRule, Delivery]),
  ],
  providers: [DeliveryContextLoader, DeliveryMessages, DeliveryRecorder, DueDeliveries, DeliveryWorker],
  exports: [DeliveryWorker],
})
export class RemindersWorkerModule {}
