import { Module } from '@nestjs/common';
import { CaseEventsModule } from '../case-events/case-events.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessageComposer } from './message-composer.service.js';
import { MessagingController } from './messaging.controller.js';
import { MessagingCoreModule } from './messaging-core.module.js';
import { CaseEventRenderContextLoader, RENDER_CONTEXT_LOADER } from './render-context.loader.js';

/** Merge fields, templates, rendering, and the SMS and email transports reminders go out through. */
@Module({
  imports: [MessagingCoreModule, IdentityModule, CaseEventsModule],
  controllers: [MessagingController],
  providers: [MessageComposer, { provide: RENDER_CONTEXT_LOADER, useClass: CaseEventRenderContextLoader }],
  exports: [MessagingCoreModule, MessageComposer, RENDER_CONTEXT_LOADER],
})
export class MessagingModule {}
