/**
 * What Messaging answers other modules about its templates, as plain data: they never read its table
 * or import its entity (eslint.config.js), only these shapes, through MessageTemplatesService.
 */

export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** A template as stored. */
export interface MessageTemplateRecord {
  id: string;
  firmId: string;
  channel: MessageChannel;
  name: string;
  /** Email only; null for SMS. */
  subject: string | null;
  body: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
