import type { MessageTemplate } from './message-template.entity.js';

/** What the API shows of a template. */
export const messageTemplateView = (t: MessageTemplate) => ({
  id: t.id,
  firmId: t.firmId,
  channel: t.channel,
  name: t.name,
  subject: t.subject,
  body: t.body,
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export type MessageTemplateView = ReturnType<typeof messageTemplateView>;
