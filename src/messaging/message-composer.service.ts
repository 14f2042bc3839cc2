import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from '../common/errors/domain-error.js';
import { buildMergeValues } from './merge-fields.js';
import { MessageRenderer, type MessageDraft, type RenderedMessage } from './message-renderer.service.js';
import type { MessageChannel } from './records.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { RENDER_CONTEXT_LOADER, type RenderContextLoader, type RenderFirm } from './render-context.loader.js';

/** A saved template (`templateId`) or a draft (`channel`, `subject?`, `body`), for one event and one client. */
export interface RenderRequest {
  templateId?: string;
  channel?: MessageChannel;
  subject?: string | null;
  body?: string;
  eventId: string;
  clientId: string;
}

/** The text one client gets for one event: the preview the UI shows, and what the workers send. */
@Injectable()
export class MessageComposer {
  constructor(
    private readonly templates: MessageTemplatesService,
    private readonly renderer: MessageRenderer,
    @Inject(RENDER_CONTEXT_LOADER) private readonly contexts: RenderContextLoader,
  ) {}

  /** Renders a saved template, or a draft, for one event and one client of the firm. */
  async compose(firm: RenderFirm, request: RenderRequest): Promise<RenderedMessage> {
    const draft = await this.draftOf(firm.id, request);
    const input = await this.contexts.load(firm, { eventId: request.eventId, clientId: request.clientId });
    return this.renderer.render(draft, buildMergeValues(input));
  }

  private async draftOf(firmId: string, request: RenderRequest): Promise<MessageDraft> {
    if (request.templateId !== undefined) {
      const extra = (['channel', 'subject', 'body'] as const).filter((field) => request[field] !== undefined);
      if (extra.length) {
        throw new ValidationFailedError(
          extra.map((field) => ({ field, message: `${field} cannot be given with templateId` })),
        );
      }
      const template = await this.templates.get(firmId, request.templateId);
      return { channel: template.channel, subject: template.subject, body: template.body };
    }
    const missing: FieldError[] = [];
    if (request.channel === undefined)
      missing.push({ field: 'channel', message: 'channel is required without templateId' });
    if (request.body === undefined) missing.push({ field: 'body', message: 'body is required without templateId' });
    if (!request.channel || request.body === undefined) throw new ValidationFailedError(missing);
    return { channel: request.channel, subject: request.subject, body: request.body };
  }
}
