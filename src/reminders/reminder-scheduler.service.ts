import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { CaseEventHooks, type CaseEventChange } from '../case-events/case-event-hooks.js';
import { Clock } from '../common/clock.js';
import { inChunks } from '../database/in-chunks.js';
import { Transactions } from '../database/transactions.js';
import { CasesService } from '../identity/cases.service.js';
import type { CaseClientContact } from '../identity/records.js';
import { MessageTemplatesService } from '../messaging/message-templates.service.js';
import type { MessageChannel } from '../messaging/records.js';
import { Delivery, type DeliveryStatus } from './delivery.entity.js';
import { CancelReason, contactProblem, planReminder, reminderKey, type ReminderPlan } from './reminder-plan.js';
import { ReminderRule } from './reminder-rule.entity.js';

/** What planning needs of an event. */
export interface PlannedEvent {
  id: string;
  firmId: string;
  caseId: string;
  startsAt: Date;
}

/** The clients on these cases, with their contact details. */
type ClientsOn = (caseIds: string[]) => Promise<CaseClientContact[]>;

interface PlannedRow {
  key: string;
  event: PlannedEvent;
  clientId: string;
  ruleId: string;
  channel: MessageChannel;
  plan: ReminderPlan;
}

/** A conditional update: applied only while the row still has the status it was read with. */
interface RowChange {
  id: string;
  from: DeliveryStatus;
  patch: Partial<Delivery>;
}

const CHUNK = 200;

/**
 * Writes the reminder outbox: the deliveries each shared event should have (rules × clients on the
 * case), in the same transaction as the change that causes them. That transaction is ambient: every
 * method here runs in the caller's (Transactions.run joins it), and reads the case's clients and the
 * templates' channels through Identity's and Messaging's services, which join it too.
 */
@Injectable()
export class ReminderScheduler implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly cases: CasesService,
    private readonly templates: MessageTemplatesService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unregister = this.hooks.register((change) => this.onEventChange(change));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** Created, moved, shared, unshared, cancelled, edited: brings the event's reminders in line with it. */
  onEventChange(change: CaseEventChange): Promise<void> {
    return this.transactions.run(async (em) => {
      const event = change.after;
      const live = event.status === 'scheduled' && event.sharedWithClients;
      if (!live) {
        const wasLive =
          change.before !== null && change.before.status === 'scheduled' && change.before.sharedWithClients;
        if (wasLive)
          await this.cancelPending(
            em,
            { eventId: event.id },
            event.status === 'cancelled' ? CancelReason.EVENT_CANCELLED : CancelReason.EVENT_UNSHARED,
          );
        return;
      }
      const rules = await em.findBy(ReminderRule, { firmId: event.firmId });
      const existing =
        change.kind === 'created' ? [] : await em.findBy(Delivery, { eventId: event.id, kind: 'reminder' });
      if (rules.length === 0 && existing.length === 0) return;
      const channels = await this.channelsOf(event.firmId, rules);
      await this.reconcile(em, [event], rules, channels, existing, (caseIds) => this.cases.clientsOn(caseIds));
    });
  }

  /**
   * A case's clients changed: its upcoming shared events get, for every client now on the case, the
   * deliveries they would have had from the start (missing ones created, cancelled ones wanted again
   * rescheduled, sent and failed ones left as history, so nothing goes out twice), and the scheduled
   * ones of clients no longer on it are cancelled. `events` must be read current (locked) in the
   * caller's transaction; `clients` are the clients on their case as that transaction leaves it.
   */
  followCaseMembership(firmId: string, events: PlannedEvent[], clients: CaseClientContact[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.transactions.run(async (em) => {
      const rules = await em.findBy(ReminderRule, { firmId });
      const existing = await inChunks(
        events.map((e) => e.id),
        (ids) => em.findBy(Delivery, { eventId: In(ids), kind: 'reminder' }),
      );
      if (rules.length === 0 && existing.length === 0) return;
      const channels = await this.channelsOf(firmId, rules);
      await this.reconcile(em, events, rules, channels, existing, () => Promise.resolve(clients));
    });
  }

  /** Cancels the scheduled reminders of these deliveries (a client who left the case); sent ones keep their history. */
  cancelDeliveries(ids: string[], reason: string): Promise<void> {
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      for (let i = 0; i < ids.length; i += CHUNK) {
        await em.update(
          Delivery,
          { id: In(ids.slice(i, i + CHUNK)), status: 'scheduled' },
          { status: 'cancelled', lastError: reason, updatedAt: now },
        );
      }
    });
  }

  /** A new rule: its deliveries for every upcoming shared event of the firm. */
  scheduleRule(rule: ReminderRule, channel: MessageChannel, events: PlannedEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.transactions.run((em) =>
      this.reconcile(em, events, [rule], new Map([[rule.templateId, channel]]), [], (caseIds) =>
        this.cases.clientsOn(caseIds),
      ),
    );
  }

  /** A removed rule: its pending deliveries are cancelled (sent ones stay as they are). */
  cancelForRule(ruleId: string): Promise<void> {
    return this.transactions.run((em) => this.cancelPending(em, { ruleId }, CancelReason.RULE_REMOVED));
  }

  private async cancelPending(
    em: EntityManager,
    where: { eventId: string } | { ruleId: string },
    reason: string,
  ): Promise<void> {
    await em.update(
      Delivery,
      { ...where, status: 'scheduled' },
      { status: 'cancelled', lastError: reason, updatedAt: this.clock.now() },
    );
  }

  private channelsOf(firmId: string, rules: ReminderRule[]): Promise<Map<string, MessageChannel>> {
    return rules.length
      ? this.templates.channelsOf(
          firmId,
          rules.map((r) => r.templateId),
        )
      : Promise.resolve(new Map());
  }

  /** Plans every (event, client, rule), then inserts what is missing and updates what moved; sent and failed rows are history. */
  private async reconcile(
    em: EntityManager,
    events: PlannedEvent[],
    rules: ReminderRule[],
    channels: Map<string, MessageChannel>,
    existing: Delivery[],
    clientsOn: ClientsOn,
  ): Promise<void> {
    const now = this.clock.now();
    const planned = await this.plan(events, rules, channels, now, clientsOn);
    const current = new Map(existing.map((d) => [d.dedupeKey, d]));
    const inserts: Delivery[] = [];
    const changes: RowChange[] = [];
    for (const row of planned.values()) {
      const found = current.get(row.key);
      if (!found) inserts.push(newDelivery(row, now));
      else {
        const change = reconcileRow(found, row);
        if (change) changes.push(change);
      }
    }
    const templateOfRule = new Map(rules.map((r) => [r.id, r.templateId]));
    for (const row of existing) {
      if (row.status !== 'scheduled' || planned.has(row.dedupeKey)) continue;
      const templateId = row.ruleId ? templateOfRule.get(row.ruleId) : undefined;
      const reason = !templateId
        ? CancelReason.RULE_REMOVED
        : channels.has(templateId)
          ? CancelReason.CLIENT_LEFT
          : CancelReason.TEMPLATE_DELETED;
      changes.push({ id: row.id, from: 'scheduled', patch: { status: 'cancelled', lastError: reason } });
    }
    for (let i = 0; i < inserts.length; i += CHUNK) await em.insert(Delivery, inserts.slice(i, i + CHUNK));
    await applyChanges(em, changes, now);
  }

  private async plan(
    events: PlannedEvent[],
    rules: ReminderRule[],
    channels: Map<string, MessageChannel>,
    now: Date,
    clientsOn: ClientsOn,
  ): Promise<Map<string, PlannedRow>> {
    const planned = new Map<string, PlannedRow>();
    const usable = rules.filter((r) => channels.has(r.templateId));
    if (usable.length === 0) return planned;
    const links = await clientsOn([...new Set(events.map((e) => e.caseId))]);
    for (const event of events) {
      for (const { caseId, client } of links) {
        if (caseId !== event.caseId || client.firmId !== event.firmId) continue;
        for (const rule of usable) {
          const channel = channels.get(rule.templateId) as MessageChannel;
          const key = reminderKey(event.id, client.id, rule.id);
          planned.set(key, {
            key,
            event,
            clientId: client.id,
            ruleId: rule.id,
            channel,
            plan: planReminder(event.startsAt, rule.offsetMinutes, now, contactProblem(channel, client)),
          });
        }
      }
    }
    return planned;
  }
}

function newDelivery(row: PlannedRow, now: Date): Delivery {
  return {
    id: randomUUID(),
    firmId: row.event.firmId,
    kind: 'reminder',
    eventId: row.event.id,
    clientId: row.clientId,
    ruleId: row.ruleId,
    channel: row.channel,
    recipient: null,
    status: row.plan.status,
    dueAt: row.plan.dueAt,
    sentAt: null,
    attempts: 0,
    lastError: row.plan.lastError,
    providerId: null,
    leaseOwner: null,
    leaseUntil: null,
    dedupeKey: row.key,
    createdAt: now,
    updatedAt: now,
  };
}

/** The update a stored row needs to match its plan, or null. A row in retry keeps its backoff unless the event moved later. */
function reconcileRow(found: Delivery, row: PlannedRow): RowChange | null {
  const { plan, channel } = row;
  if (found.status === 'sent' || found.status === 'failed') return null;
  if (found.status === 'scheduled' && plan.status === 'scheduled') {
    const dueAt = found.attempts > 0 && found.dueAt > plan.dueAt ? found.dueAt : plan.dueAt;
    if (dueAt.getTime() === found.dueAt.getTime() && channel === found.channel) return null;
    return { id: found.id, from: 'scheduled', patch: { dueAt, channel } };
  }
  if (plan.status === 'scheduled') {
    // Cancelled or skipped before, wanted again (shared again, moved to the future): a fresh start.
    return {
      id: found.id,
      from: found.status,
      patch: { status: 'scheduled', dueAt: plan.dueAt, channel, attempts: 0, lastError: null },
    };
  }
  const same =
    found.status === 'skipped' &&
    found.lastError === plan.lastError &&
    found.dueAt.getTime() === plan.dueAt.getTime() &&
    found.channel === channel;
  return same
    ? null
    : {
        id: found.id,
        from: found.status,
        patch: { status: 'skipped', dueAt: plan.dueAt, channel, lastError: plan.lastError },
      };
}

/** Same patch, one UPDATE; each conditioned on the status read, so a row the worker just sent is never put back. */
async function applyChanges(em: EntityManager, changes: RowChange[], now: Date): Promise<void> {
  const groups = new Map<string, RowChange[]>();
  for (const change of changes) {
    const key = `${change.from}|${JSON.stringify(change.patch)}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  for (const group of groups.values()) {
    const [{ from, patch }] = group as [RowChange];
    const ids = group.map((c) => c.id).sort();
    for (let i = 0; i < ids.length; i += CHUNK) {
      await em.update(Delivery, { id: In(ids.slice(i, i + CHUNK)), status: from }, { ...patch, updatedAt: now });
    }
  }
}
