import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { CaseEventHooks, type CaseEventChange } from '../case-events/case-event-hooks.js';
import { Clock } from '../common/clock.js';
import { Client } from '../identity/entities/client.entity.js';
import { CaseClient } from '../identity/entities/legal-case.entity.js';
import { Delivery, type DeliveryStatus } from './delivery.entity.js';
import { MessageTemplate, type MessageChannel } from '../messaging/message-template.entity.js';
import { CancelReason, contactProblem, planReminder, reminderKey, type ReminderPlan } from './reminder-plan.js';
import { ReminderRule } from './reminder-rule.entity.js';

/** What planning needs of an event. */
export interface PlannedEvent {
  id: string;
  firmId: string;
  caseId: string;
  startsAt: Date;
}

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
 * case), in the same transaction as the change that causes them, through the `em` that change runs in.
 */
@Injectable()
export class ReminderScheduler implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unregister = this.hooks.register((em, change) => this.onEventChange(em, change));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  /** Created, moved, shared, unshared, cancelled, edited: brings the event's reminders in line with it. */
  async onEventChange(em: EntityManager, change: CaseEventChange): Promise<void> {
    const event = change.after;
    const live = event.status === 'scheduled' && event.sharedWithClients;
    if (!live) {
      const wasLive = change.before !== null && change.before.status === 'scheduled' && change.before.sharedWithClients;
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
    await this.reconcile(em, [event], rules, await this.channelsOf(em, event.firmId, rules), existing);
  }

  /**
   * A case's clients changed: its upcoming shared events get, for every client now on the case, the
   * deliveries they would have had from the start (missing ones created, cancelled ones wanted again
   * rescheduled, sent and failed ones left as history, so nothing goes out twice), and the scheduled
   * ones of clients no longer on it are cancelled. `events` must be read current (locked) in `em`.
   */
  async followCaseMembership(em: EntityManager, firmId: string, events: PlannedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rules = await em.findBy(ReminderRule, { firmId });
    const existing = await inChunks(
      events.map((e) => e.id),
      (ids) => em.findBy(Delivery, { eventId: In(ids), kind: 'reminder' }),
    );
    if (rules.length === 0 && existing.length === 0) return;
    await this.reconcile(em, events, rules, await this.channelsOf(em, firmId, rules), existing);
  }

  /** Cancels the scheduled reminders of these deliveries (a client who left the case); sent ones keep their history. */
  async cancelDeliveries(em: EntityManager, ids: string[], reason: string): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < ids.length; i += CHUNK) {
      await em.update(
        Delivery,
        { id: In(ids.slice(i, i + CHUNK)), status: 'scheduled' },
        { status: 'cancelled', lastError: reason, updatedAt: now },
      );
    }
  }

  /** A new rule: its deliveries for every upcoming shared event of the firm. */
  async scheduleRule(
    em: EntityManager,
    rule: ReminderRule,
    channel: MessageChannel,
    events: PlannedEvent[],
  ): Promise<void> {
    if (events.length > 0) await this.reconcile(em, events, [rule], new Map([[rule.templateId, channel]]), []);
  }

  /** A removed rule: its pending deliveries are cancelled (sent ones stay as they are). */
  async cancelForRule(em: EntityManager, ruleId: string): Promise<void> {
    await this.cancelPending(em, { ruleId }, CancelReason.RULE_REMOVED);
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

  private async channelsOf(
    em: EntityManager,
    firmId: string,
    rules: ReminderRule[],
  ): Promise<Map<string, MessageChannel>> {
    const ids = [...new Set(rules.map((r) => r.templateId))];
    const templates = ids.length
      ? await em.find(MessageTemplate, { select: { id: true, channel: true }, where: { firmId, id: In(ids) } })
      : [];
    return new Map(templates.map((t) => [t.id, t.channel]));
  }

  /** Plans every (event, client, rule), then inserts what is missing and updates what moved; sent and failed rows are history. */
  private async reconcile(
    em: EntityManager,
    events: PlannedEvent[],
    rules: ReminderRule[],
    channels: Map<string, MessageChannel>,
    existing: Delivery[],
  ): Promise<void> {
    const now = this.clock.now();
    const planned = await this.plan(em, events, rules, channels, now);
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
    em: EntityManager,
    events: PlannedEvent[],
    rules: ReminderRule[],
    channels: Map<string, MessageChannel>,
    now: Date,
  ): Promise<Map<string, PlannedRow>> {
    const planned = new Map<string, PlannedRow>();
    const usable = rules.filter((r) => channels.has(r.templateId));
    if (usable.length === 0) return planned;
    const links = await inChunks([...new Set(events.map((e) => e.caseId))], (caseIds) => currentLinks(em, caseIds));
    const found = await inChunks([...new Set(links.map((l) => l.clientId))], (ids) =>
      em.findBy(Client, { id: In(ids) }),
    );
    const clients = new Map(found.map((c) => [c.id, c]));
    for (const event of events) {
      for (const link of links) {
        const client = clients.get(link.clientId);
        if (link.caseId !== event.caseId || !client || client.firmId !== event.firmId) continue;
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

/**
 * The clients on these cases as they are now. On MySQL a shared lock: a consistent read could miss a
 * membership change committed meanwhile (and plan for a client just removed), and the lock makes a
 * concurrent PATCH /cases/:id wait for this transaction, or this one for it.
 */
function currentLinks(em: EntityManager, caseIds: string[]): Promise<CaseClient[]> {
  const qb = em.createQueryBuilder(CaseClient, 'l').where('l.caseId IN (:...caseIds)', { caseIds });
  if (em.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_read');
  return qb.getMany();
}

/** IN lists stay short on both databases. */
async function inChunks<T>(values: string[], find: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < values.length; i += 500) found.push(...(await find(values.slice(i, i + 500))));
  return found;
}
