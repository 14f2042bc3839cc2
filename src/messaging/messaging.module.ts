import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageRenderer } from './message-renderer.service.js';
import { MessageTemplate } from './message-template.entity.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { MessagingController } from './messaging.controller.js';
import { CaseEventRenderContextLoader, RENDER_CONTEXT_LOADER } from './render-context.loader.js';
import { RenderQueue } from './render-queue.js';
import { TemplateEngine } from './template-engine.js';
import { EmailSender } from './transports/email.sender.js';
import { SmsSender } from './transports/sms.sender.js';

/** Merge fields, templates, rendering, and the SMS and email transports reminders go out through. */
@Module({
  imports: [IdentityModule, CaseEventsModule, TypeOrmModule.forFeature([MessageTemplate])],
  controllers: [MessagingController],
  providers: [
    TemplateEngine,
    RenderQueue,
    MessageRenderer,
    MessageTemplatesService,
    MessageComposer,
    EmailSender,
    SmsSender,
    { provide: RENDER_CONTEXT_LOADER, useClass: CaseEventRenderContextLoader },
  ],
  exports: [MessageRenderer, MessageTemplatesService, MessageComposer, EmailSender, SmsSender, RENDER_CONTEXT_LOADER],
})
export class MessagingModule {}
