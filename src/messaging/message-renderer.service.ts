import { Injectable } from '@nestjs/common';
import { SegmentedMessage } from 'sms-segments-calculator';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { exampleMergeValues, type MergeValues } from './merge-fields.js';
import type { MessageChannel } from './message-template.entity.js';
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

/** Turns a draft and merge values into the message: email bodies HTML-escaped, subjects and SMS as-is. */
@Injectable()
export class MessageRenderer {
  constructor(private readonly engine: TemplateEngine) {}

  /**
   * What saving a template runs: syntax (template_syntax_error), merge fields (unknown_merge_field),
   * then a trial render with the example values, so a runaway template is refused now, not at send time.
   */
  check(draft: MessageDraft): void {
    const parts = this.parts(draft);
    this.engine.validate(parts);
    const values = exampleMergeValues();
    for (const part of parts) this.engine.render(part, values);
  }

  /** `segments: false` skips the SMS segment count, which only previews show and which costs more than the render. */
  render(draft: MessageDraft, values: MergeValues, options: { segments?: boolean } = {}): RenderedMessage {
    const parts = this.parts(draft);
    // Syntax and merge fields are checked once per template text, then remembered.
    this.engine.prepare(parts);
    const body = parts.find((p) => p.field === 'body') as TemplateSource;
    const subject = parts.find((p) => p.field === 'subject');
    const rendered = {} as RenderedMessage;
    // A subject is one header line, whatever line breaks the values carry.
    if (subject) rendered.subject = this.engine.render(subject, values).replace(/\s+/g, ' ').trim();
    rendered.body = this.engine.render(body, values);
    if (draft.channel === 'sms' && options.segments !== false) {
      const segmented = new SegmentedMessage(rendered.body);
      rendered.smsSegments = segmented.segmentsCount;
      rendered.smsEncoding = segmented.encodingName as SmsEncoding;
    }
    return rendered;
  }

  /** The subject of an email, then the body. */
  private parts(draft: MessageDraft): TemplateSource[] {
    if (draft.channel === 'sms') return [{ field: 'body', source: draft.body, mode: 'text' }];
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
