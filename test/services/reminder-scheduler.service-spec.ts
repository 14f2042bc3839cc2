import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import type { CaseEventSnapshot } from '../../src/case-events/case-event-hooks.js';
import { CasesService } from '../../src/identity/cases.service.js';
import { ClientsService } from '../../src/identity/clients.service.js';
import { MessageTemplatesService } from '../../src/messaging/message-templates.service.js';
import { Delivery } from '../../src/reminders/delivery.entity.js';
import { CancelReason, reminderKey, SkipReason } from '../../src/reminders/reminder-plan.js';
import { ReminderRulesService } from '../../src/reminders/reminder-rules.service.js';
import { ReminderScheduler } from '../../src/reminders/reminder-scheduler.service.js';
import { RemindersModule } from '../../src/reminders/reminders.module.js';
import {
  aCaseEventSnapshot,
  aClientDto,
  aTemplateDto,
  eventCancelled,
  eventCreated,
  eventUpdated,
  minutesFromNow,
} from '../factories/builders.js';
import { createServiceModule, type ServiceModule } from '../support/service-module.js';

const MINUTE_MS = 60_000;
const DAY_BEFORE = 24 * 60;
const HOUR_BEFORE = 60;

/**
 * The reminder scheduler on the test database, without HTTP: a firm's clients, case, templates and
 * rules are stored through the services that own them, and event changes (in-memory snapshots, as
 * the case-events hooks describe them) go to the scheduler, which writes the deliveries outbox.
 */
describe('ReminderScheduler (service spec)', () => {
  let s: ServiceModule;
  let scheduler: ReminderScheduler;
  let deliveries: Repository<Delivery>;

  beforeAll(async () => {
    s = await createServiceModule({ imports: [RemindersModule] });
    scheduler = s.get(ReminderScheduler);
    deliveries = s.dataSource.getRepository(Delivery);
  });

  afterAll(async () => {
    await s.close();
  });

  /**
   * A firm with a case of two clients (one reachable by email and SMS, one by email only) and two
   * rules: an email a day before each shared event, an SMS an hour before.
   */
  async function firm() {
    const firmId = randomUUID();
    const staffId = randomUUID();
    const clients = s.get(ClientsService);
    const both = await clients.create(firmId, aClientDto());
    const emailOnly = await clients.create(firmId, aClientDto({ phone: null, smsOptIn: false }));
    const legalCase = await s
      .get(CasesService)
      .create(firmId, staffId, { title: 'Doe v. Roe', clientIds: [both.id, emailOnly.id] });
    const templates = s.get(MessageTemplatesService);
    const rules = s.get(ReminderRulesService);
    const email = await templates.create(firmId, staffId, aTemplateDto('email'));
    const sms = await templates.create(firmId, staffId, aTemplateDto('sms'));
    const dayBefore = await rules.create(firmId, staffId, { templateId: email.id, offsetMinutes: DAY_BEFORE });
    const hourBefore = await rules.create(firmId, staffId, { templateId: sms.id, offsetMinutes: HOUR_BEFORE });
    const event = (overrides: Partial<CaseEventSnapshot> = {}) =>
      aCaseEventSnapshot({ firmId, caseId: legalCase.id, ...overrides });
    return { firmId, staffId, caseId: legalCase.id, both, emailOnly, dayBefore, hourBefore, event };
  }

  /** The event's outbox, one row per client and rule. */
  async function outbox(eventId: string) {
    const rows = await deliveries.findBy({ eventId });
    const of = (clientId: string, ruleId: string): Delivery => {
      const found = rows.find((d) => d.clientId === clientId && d.ruleId === ruleId);
      if (!found) throw new Error(`no delivery for client ${clientId} and rule ${ruleId}`);
      return found;
    };
    return { rows, of };
  }

  const before = (event: CaseEventSnapshot, minutes: number): Date =>
    new Date(event.startsAt.getTime() - minutes * MINUTE_MS);

  it("schedules a reminder per client and rule for a new shared event, due the rule's offset before it; one the client cannot get is skipped, saying why", async () => {
    const f = await firm();
    const event = f.event();
    await scheduler.onEventChange(eventCreated(event));

    const { rows, of } = await outbox(event.id);
    expect(rows).toHaveLength(4);
    expect(of(f.both.id, f.dayBefore.id)).toMatchObject({
      firmId: f.firmId,
      kind: 'reminder',
      channel: 'email',
      status: 'scheduled',
      dueAt: before(event, DAY_BEFORE),
      attempts: 0,
      lastError: null,
      leaseOwner: null,
      dedupeKey: reminderKey(event.id, f.both.id, f.dayBefore.id),
    });
    expect(of(f.both.id, f.hourBefore.id)).toMatchObject({
      channel: 'sms',
      status: 'scheduled',
      dueAt: before(event, HOUR_BEFORE),
    });
    expect(of(f.emailOnly.id, f.dayBefore.id)).toMatchObject({ channel: 'email', status: 'scheduled' });
    expect(of(f.emailOnly.id, f.hourBefore.id)).toMatchObject({
      channel: 'sms',
      status: 'skipped',
      dueAt: before(event, HOUR_BEFORE),
      lastError: SkipReason.NO_PHONE,
    });
  });

  it('schedules nothing for an event that is not shared with clients, until it is', async () => {
    const f = await firm();
    const event = f.event({ sharedWithClients: false });
    await scheduler.onEventChange(eventCreated(event));
    await expect(outbox(event.id)).resolves.toMatchObject({ rows: [] });

    await scheduler.onEventChange(eventUpdated(event, { sharedWithClients: true }));
    const { rows } = await outbox(event.id);
    expect(rows.map((d) => d.status).sort()).toEqual(['scheduled', 'scheduled', 'scheduled', 'skipped']);
  });

  it('re-times pending reminders when the event moves, leaving a sent one as it was', async () => {
    const f = await firm();
    const event = f.event();
    await scheduler.onEventChange(eventCreated(event));
    const sent = (await outbox(event.id)).of(f.both.id, f.dayBefore.id);
    await deliveries.update({ id: sent.id }, { status: 'sent', sentAt: new Date(), attempts: 1 });

    const startsAt = new Date(event.startsAt.getTime() + 2 * 24 * 60 * MINUTE_MS);
    const moved = eventUpdated(event, { startsAt, endsAt: new Date(startsAt.getTime() + 60 * MINUTE_MS) });
    await scheduler.onEventChange(moved);

    const { rows, of } = await outbox(event.id);
    expect(rows).toHaveLength(4);
    expect(of(f.both.id, f.dayBefore.id)).toMatchObject({ status: 'sent', dueAt: sent.dueAt, attempts: 1 });
    expect(of(f.both.id, f.hourBefore.id)).toMatchObject({
      status: 'scheduled',
      dueAt: before(moved.after, HOUR_BEFORE),
    });
    expect(of(f.emailOnly.id, f.dayBefore.id)).toMatchObject({
      status: 'scheduled',
      dueAt: before(moved.after, DAY_BEFORE),
    });
    expect(of(f.emailOnly.id, f.hourBefore.id)).toMatchObject({
      status: 'skipped',
      dueAt: before(moved.after, HOUR_BEFORE),
      lastError: SkipReason.NO_PHONE,
    });
  });

  it('skips the pending reminders of an event moved to a time already past', async () => {
    const f = await firm();
    const event = f.event();
    await scheduler.onEventChange(eventCreated(event));
    const startsAt = minutesFromNow(-10);
    await scheduler.onEventChange(eventUpdated(event, { startsAt, endsAt: minutesFromNow(50) }));
    const { of } = await outbox(event.id);
    expect(of(f.both.id, f.dayBefore.id)).toMatchObject({
      status: 'skipped',
      lastError: SkipReason.STARTED_WHEN_SCHEDULED,
    });
    // One it could never get keeps its own reason.
    expect(of(f.emailOnly.id, f.hourBefore.id)).toMatchObject({ status: 'skipped', lastError: SkipReason.NO_PHONE });
  });

  it('cancels pending reminders when the event is cancelled or unshared, and schedules them afresh when it is shared again', async () => {
    const f = await firm();
    const cancelled = f.event();
    await scheduler.onEventChange(eventCreated(cancelled));
    const sent = (await outbox(cancelled.id)).of(f.both.id, f.hourBefore.id);
    await deliveries.update({ id: sent.id }, { status: 'sent', sentAt: new Date(), attempts: 1 });
    await scheduler.onEventChange(eventCancelled(cancelled));
    const afterCancel = await outbox(cancelled.id);
    expect(afterCancel.of(f.both.id, f.dayBefore.id)).toMatchObject({
      status: 'cancelled',
      lastError: CancelReason.EVENT_CANCELLED,
    });
    expect(afterCancel.of(f.emailOnly.id, f.dayBefore.id)).toMatchObject({ status: 'cancelled' });
    expect(afterCancel.of(f.both.id, f.hourBefore.id)).toMatchObject({ status: 'sent' });
    expect(afterCancel.of(f.emailOnly.id, f.hourBefore.id)).toMatchObject({ status: 'skipped' });

    const unshared = f.event();
    await scheduler.onEventChange(eventCreated(unshared));
    const hidden = eventUpdated(unshared, { sharedWithClients: false });
    await scheduler.onEventChange(hidden);
    expect((await outbox(unshared.id)).of(f.both.id, f.dayBefore.id)).toMatchObject({
      status: 'cancelled',
      lastError: CancelReason.EVENT_UNSHARED,
    });
    await scheduler.onEventChange(eventUpdated(hidden.after, { sharedWithClients: true }));
    const again = await outbox(unshared.id);
    expect(again.rows).toHaveLength(4);
    for (const ruleId of [f.dayBefore.id, f.hourBefore.id])
      expect(again.of(f.both.id, ruleId)).toMatchObject({ status: 'scheduled', attempts: 0, lastError: null });
  });

  it("follows the case's clients: one who joins gets the event's reminders, one who leaves has theirs cancelled", async () => {
    const f = await firm();
    const event = f.event();
    await scheduler.onEventChange(eventCreated(event));
    const newcomer = await s.get(ClientsService).create(f.firmId, aClientDto());
    const cases = s.get(CasesService);
    await cases.update(f.firmId, f.caseId, { clientIds: [f.both.id, newcomer.id] });

    await scheduler.followCaseMembership(f.firmId, [event], await cases.clientsOn([f.caseId]));

    const { rows, of } = await outbox(event.id);
    expect(rows).toHaveLength(6);
    expect(of(newcomer.id, f.dayBefore.id)).toMatchObject({ status: 'scheduled', dueAt: before(event, DAY_BEFORE) });
    expect(of(newcomer.id, f.hourBefore.id)).toMatchObject({ status: 'scheduled', dueAt: before(event, HOUR_BEFORE) });
    expect(of(f.emailOnly.id, f.dayBefore.id)).toMatchObject({
      status: 'cancelled',
      lastError: CancelReason.CLIENT_LEFT,
    });
    expect(of(f.both.id, f.dayBefore.id)).toMatchObject({ status: 'scheduled' });
  });

  it('never plans for a client of another firm, even one listed with the case', async () => {
    const f = await firm();
    const other = await firm();
    const event = f.event();
    await scheduler.onEventChange(eventCreated(event));
    const stranger = (await s.get(CasesService).clientsOn([other.caseId]))[0]!.client;
    const listed = [...(await s.get(CasesService).clientsOn([f.caseId])), { caseId: f.caseId, client: stranger }];
    await scheduler.followCaseMembership(f.firmId, [event], listed);
    const { rows } = await outbox(event.id);
    expect(rows).toHaveLength(4);
    expect(rows.filter((d) => d.clientId === stranger.id)).toEqual([]);
  });

  it("cancels a removed rule's pending reminders, and only that rule's", async () => {
    const f = await firm();
    const event = f.event();
    await scheduler.onEventChange(eventCreated(event));
    await s.get(ReminderRulesService).remove(f.firmId, f.hourBefore.id);
    const { of } = await outbox(event.id);
    expect(of(f.both.id, f.hourBefore.id)).toMatchObject({
      status: 'cancelled',
      lastError: CancelReason.RULE_REMOVED,
    });
    expect(of(f.emailOnly.id, f.hourBefore.id)).toMatchObject({ status: 'skipped' });
    expect(of(f.both.id, f.dayBefore.id)).toMatchObject({ status: 'scheduled', lastError: null });
  });
});
