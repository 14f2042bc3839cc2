import { HttpStatus, Injectable } from '@nestjs/common';
import { SegmentedMessage } from 'sms-segments-calculator';
import { DomainError, ValidationFailedError } from '../common/errors/domain-error.js';
import { exampleMergeValues, type MergeValues } from './merge-fields.js';
import type { MessageChannel } from './message-template.entity.js';
import { isRenderLimitError } from './messaging.errors.js';
import { RenderQueue } from './render-queue.js';
import { TemplateEngine, type TemplateSource } from './template-engine.js';

/** A message as written: liquid source with merge fields. */
export interface MessageDraft {
  channel: MessageChannel;
  /** Email only; ignored for SMS. */
  subject?: string | null;
  body: string;
}

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** The text that is shown in the preview and sent. */
export interface RenderedMessage {
  subject?: string;
  body: string;
  smsSegments?: number;
  smsEncoding?: SmsEncoding;
}

/**
 * Turns a draft and merge values into the message: email bodies HTML-escaped, subjects and SMS as-is.
 * Every parse, render and segment count takes its turn in the RenderQueue, so none of them, however
 * many arrive at once, keeps the server from answering other requests.
 */
@Injectable()
export class MessageRenderer {
  constructor(
    private readonly engine: TemplateEngine,
    private readonly queue: RenderQueue,
  ) {}

  /**
   * What saving a template runs: syntax (template_syntax_error), merge fields (unknown_merge_field),
   * then a trial render with the example values, so a runaway or too long template is refused now
   * (400 template_too_costly, sms_too_long), not at send time.
   */
  async check(draft: MessageDraft): Promise<void> {
    const parts = this.parts(draft);
    try {
      await this.queue.run(() => this.engine.prepare(parts));
      const values = exampleMergeValues();
      for (const part of parts) await this.queue.run(() => this.engine.render(part, values));
    } catch (error) {
      // The examples passed a limit: the template itself is refused, 400 as every other save refusal (api.md).
      if (isRenderLimitError(error))
        throw new DomainError(error.code, error.message, error.details, { status: HttpStatus.BAD_REQUEST });
      throw error;
    }
  }

  /**
   * `segments: false` skips the SMS segment count, which only previews show. An SMS is refused as it
   * passes 1,600 characters (sms_too_long), so the count never sees more than that.
   */
  async render(
    draft: MessageDraft,
    values: MergeValues,
    options: { segments?: boolean } = {},
  ): Promise<RenderedMessage> {
    const parts = this.parts(draft);
    // Syntax and merge fields are checked once per template text, then remembered.
    await this.queue.run(() => this.engine.prepare(parts));
    const body = parts.find((p) => p.field === 'body') as TemplateSource;
    const subject = parts.find((p) => p.field === 'subject');
    const rendered = {} as RenderedMessage;
    // A subject is one header line, whatever line breaks the values carry.
    if (subject)
      rendered.subject = (await this.queue.run(() => this.engine.render(subject, values))).replace(/\s+/g, ' ').trim();
    rendered.body = await this.queue.run(() => this.engine.render(body, values));
    if (draft.channel === 'sms' && options.segments !== false) {
      const segmented = await this.queue.run(() => new SegmentedMessage(rendered.body));
      rendered.smsSegments = segmented.segmentsCount;
      rendered.smsEncoding = segmented.encodingName as SmsEncoding;
    }
    return rendered;
  }

  /** The subject of an email, then the body. */
  private parts(draft: MessageDraft): TemplateSource[] {
    if (draft.channel === 'sms') return [{ field: 'body', source: draft.body, mode: 'sms' }];
    if (draft.subject === undefined || draft.subject === null || draft.subject.trim() === '') {
      throw new ValidationFailedError([{ field: 'subject', message: 'subject is required for an email' }]);
    }
    return [
      // A subject is a header, not HTML: values go in as they are.
      { field: 'subject', source: draft.subject, mode: 'text' },
      { field: 'body', source: draft.body, mode: 'html' },
    ];
  }
}
