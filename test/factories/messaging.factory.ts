import { randomUUID } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';
import type { StaffMember } from './identity.factory.js';

export interface TemplateBody {
  id: string;
  firmId: string;
  channel: 'sms' | 'email';
  name: string;
  subject: string | null;
  body: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A valid create body for the channel, with a unique name; overrides win. */
export function templateInput(
  channel: 'sms' | 'email' = 'sms',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const common = { channel, name: `Reminder ${randomUUID().slice(0, 6)}` };
  return channel === 'sms'
    ? {
        ...common,
        body: 'Hi {{ client_first_name }}, {{ event_title }} is on {{ event_date }} at {{ event_time }} {{ event_timezone }}. Join: {{ video_link }}',
        ...overrides,
      }
    : {
        ...common,
        subject: 'Reminder: {{ event_title }} on {{ event_date }}',
        body: '<p>Dear {{ client_full_name }},</p><p>{{ event_title }} ({{ case_title }}) starts {{ event_date }} at {{ event_time }} {{ event_timezone }}.</p><p><a href="{{ video_link }}">Join</a></p><p>{{ firm_name }}</p>',
        ...overrides,
      };
}

export async function createTemplate(
  t: TestApp,
  staff: StaffMember,
  channel: 'sms' | 'email' = 'sms',
  overrides: Record<string, unknown> = {},
): Promise<TemplateBody> {
  const res = await t
    .http()
    .post('/api/v1/messaging/templates')
    .set('Authorization', `Bearer ${staff.token}`)
    .send(templateInput(channel, overrides));
  if (res.status !== 201) throw new Error(`create template failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TemplateBody;
}
