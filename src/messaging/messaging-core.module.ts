import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageRenderer } from './message-renderer.service.js';
import { MessageTemplate } from './message-template.entity.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { RenderQueue } from './render-queue.js';
import { TemplateEngine } from './template-engine.js';
import { EmailSender } from './transports/email.sender.js';
import { SmsSender } from './transports/sms.sender.js';

/**
 * Templates, rendering and the SMS and email transports, without the HTTP side or the preview's
 * reads of cases and events: what the reminder worker loads. MessagingModule re-exports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MessageTemplate])],
  providers: [TemplateEngine, RenderQueue, MessageRenderer, MessageTemplatesService, EmailSender, SmsSender],
  exports: [MessageRenderer, MessageTemplatesService, EmailSender, SmsSender],
})
export class MessagingCoreModule {}
