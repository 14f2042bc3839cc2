import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import type { DeliveryContext } from './delivery-context.loader.js';
import type { Delivery, DeliveryStatus } from './delivery.entity.js';
import { buildMergeValues } from '../messaging/merge-fields.js';
import { MessageRenderer } from '../messaging/message-renderer.service.js';
import type { MessageChannel } from '../messaging/records.js';
import { isRenderLimitError } from '../messaging/messaging.errors.js';
import { CancelReason, contactProblem, SkipReason } from './reminder-plan.js';
import type { OutgoingEmail } from '../messaging/transports/email.sender.js';
import type { OutgoingSms } from '../messaging/transports/sms.sender.js';
import { zoomReconnectEmail } from './zoom-reconnect-notices.js';

/** What to do with one claimed delivery: send this message, or settle it without sending. */
export type PreparedDelivery =
  | { kind: 'email'; channel: 'email'; email: OutgoingEmail }
  | { kind: 'sms'; channel: 'sms'; sms: OutgoingSms }
  | {
      kind: 'settle';
      status: Extract<DeliveryStatus, 'skipped' | 'cancelled' | 'failed'>;
      reason: string;
      channel?: MessageChannel;
    };

const settle = (
  status: 'skipped' | 'cancelled' | 'failed',
  reason: string,
  channel?: MessageChannel,
): PreparedDelivery => ({ kind: 'settle', status, reason, channel });

/**
 * Renders a delivery at send time from the records as they are now (the current link, time and
 * contact details), with the same renderer and merge values as the preview; re-checks everything
 * that may have changed since it was planned.
 */
@Injectable()
export class DeliveryMessages {
  constructor(
    private readonly renderer: MessageRenderer,
    private readonly config: AppConfig,
  ) {}

  async prepare(d: Delivery, ctx: DeliveryContext, now: Date): Promise<PreparedDelivery> {
    if (d.kind === 'zoom_reconnect_needed') {
      if (!d.recipient) return settle('skipped', 'The staff member has no email address.');
      return { kind: 'email', channel: 'email', email: { to: d.recipient, ...zoomReconnectEmail(this.config.appUrl) } };
    }
    const event = d.eventId ? ctx.events.get(d.eventId) : undefined;
    if (!event || event.firmId !== d.firmId) return settle('cancelled', CancelReason.EVENT_GONE);
    if (event.status === 'cancelled') return settle('cancelled', CancelReason.EVENT_CANCELLED);
    if (!event.sharedWithClients) return settle('cancelled', CancelReason.EVENT_UNSHARED);
    if (event.startsAt.getTime() <= now.getTime()) return settle('skipped', SkipReason.STARTED_WHEN_DUE);
    const rule = d.ruleId ? ctx.rules.get(d.ruleId) : undefined;
    if (!rule) return settle('cancelled', CancelReason.RULE_REMOVED);
    const template = ctx.templates.get(rule.templateId);
    if (!template || template.firmId !== d.firmId) return settle('cancelled', CancelReason.TEMPLATE_DELETED);
    const client = d.clientId ? ctx.clients.get(d.clientId) : undefined;
    const legalCase = ctx.cases.get(event.caseId);
    if (!client || !legalCase?.clientIds.includes(client.id)) return settle('cancelled', CancelReason.CLIENT_LEFT);
    const firm = ctx.firms.get(d.firmId);
    if (!firm) return settle('cancelled', 'The firm no longer exists.');
    const channel = template.channel;
    const problem = contactProblem(channel, client);
    if (problem) return settle('skipped', problem, channel);
    const values = buildMergeValues({
      client: { firstName: client.firstName, lastName: client.lastName, timezone: client.timezone },
      firm: { name: firm.name, timezone: firm.timezone },
      event: {
        title: event.title,
        startsAt: event.startsAt,
        timezone: event.timezone,
        location: event.location,
        videoLink: event.videoLink,
      },
      caseTitle: legalCase.title,
    });
    try {
      const rendered = await this.renderer.render({ channel, subject: template.subject, body: template.body }, values, {
        segments: false,
      });
      if (channel === 'sms') return { kind: 'sms', channel, sms: { to: client.phone as string, body: rendered.body } };
      return {
        kind: 'email',
        channel,
        email: { to: client.email as string, subject: rendered.subject ?? '', html: rendered.body },
      };
    } catch (error) {
      // The template was checked when saved; one that still fails (or passes a limit with these values) will every time.
      if (isRenderLimitError(error)) return settle('failed', error.message.slice(0, 1000), channel);
      if (error instanceof DomainError)
        return settle('failed', `The template could not be rendered: ${error.message}`.slice(0, 1000), channel);
      throw error;
    }
  }
}
