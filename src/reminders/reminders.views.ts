import type { Delivery } from './delivery.entity.js';
import type { ReminderRule } from './reminder-rule.entity.js';

/** What the API shows of a rule. */
export const reminderRuleView = (r: ReminderRule) => ({
  id: r.id,
  firmId: r.firmId,
  templateId: r.templateId,
  offsetMinutes: r.offsetMinutes,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

export type ReminderRuleView = ReturnType<typeof reminderRuleView>;

/** What staff see of one reminder for one client: never its text (it is rendered when sent) nor the lease. */
export const deliveryView = (d: Delivery) => ({
  id: d.id,
  clientId: d.clientId,
  ruleId: d.ruleId,
  channel: d.channel,
  status: d.status,
  dueAt: d.dueAt.toISOString(),
  sentAt: d.sentAt ? d.sentAt.toISOString() : null,
  attempts: d.attempts,
  lastError: d.lastError,
});

export type DeliveryView = ReturnType<typeof deliveryView>;
