import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { CaseEventsService } from '../case-events/case-events.service.js';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { IdentityHooks, type IdentityChange } from '../identity/identity-hooks.js';
import { Delivery } from './delivery.entity.js';
import { CancelReason } from './reminder-plan.js';
import { ReminderScheduler } from './reminder-scheduler.service.js';

type CaseClientsChanged = Extract<IdentityChange, { kind: 'case_clients_changed' }>;

/**
 * Reminders follow a case's membership, in the transaction of PATCH /cases/:id (ambient: what runs
 * here joins it): a client added gets the reminders of the case's upcoming shared events exactly as
 * if they had been on it from the start; a client removed has their scheduled ones cancelled.
 */
@Injectable()
export class CaseMembershipReminders implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | null = null;

  constructor(
    private readonly hooks: IdentityHooks,
    private readonly events: CaseEventsService,
    private readonly scheduler: ReminderScheduler,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unregister = this.hooks.register((change) =>
      change.kind === 'case_clients_changed' ? this.follow(change) : Promise.resolve(),
    );
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async follow(change: CaseClientsChanged): Promise<void> {
    // Locked on MySQL (FOR UPDATE), so an event being created or edited meanwhile is waited for and seen.
    const upcoming = (await this.events.upcomingShared(change.firmId, this.clock.now())).filter(
      (e) => e.caseId === change.caseId,
    );
    const clients = change.clients.map((client) => ({ caseId: change.caseId, client }));
    await this.scheduler.followCaseMembership(change.firmId, upcoming, clients);
    if (change.removed.length > 0) await this.cancelLeftovers(change);
  }

  /** What reconciling upcoming events leaves: removed clients' scheduled reminders on events already under way (a retry). */
  private async cancelLeftovers(change: CaseClientsChanged): Promise<void> {
    const pending = await this.transactions.manager.find(Delivery, {
      select: { id: true, eventId: true },
      where: { firmId: change.firmId, clientId: In(change.removed), kind: 'reminder', status: 'scheduled' },
    });
    if (pending.length === 0) return;
    const eventIds = [...new Set(pending.map((d) => d.eventId).filter((id): id is string => id !== null))];
    const ofCase = new Set(
      (await this.events.findMany(eventIds)).filter((e) => e.caseId === change.caseId).map((e) => e.id),
    );
    await this.scheduler.cancelDeliveries(
      pending.filter((d) => d.eventId !== null && ofCase.has(d.eventId)).map((d) => d.id),
      CancelReason.CLIENT_LEFT,
    );
  }
}
