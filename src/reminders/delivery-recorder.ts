import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { Delivery } from './delivery.entity.js';
import type { MessageChannel } from '../messaging/records.js';
import { MAX_ATTEMPTS, retryDelayMs } from './reminder-plan.js';
import type { SendFailure } from '../messaging/transports/send-failure.js';

/** What happened to one claimed delivery. */
export type DeliveryOutcome =
  | { kind: 'sent'; row: Delivery; channel: MessageChannel; providerId: string | null }
  | { kind: 'send_failed'; row: Delivery; channel: MessageChannel; failure: SendFailure }
  | {
      kind: 'settled';
      row: Delivery;
      status: 'skipped' | 'cancelled' | 'failed';
      reason: string;
      channel?: MessageChannel;
    }
  /** Not attempted (the worker is stopping, or the lease is too close to its end): back to the pool. */
  | { kind: 'released'; row: Delivery };

export interface DeliveryTally {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  cancelled: number;
  released: number;
  /** Outcomes not recorded because the claim no longer held the row (its lease ran out). */
  lost: number;
}

export const emptyTally = (): DeliveryTally => ({
  sent: 0,
  retried: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  released: 0,
  lost: 0,
});

export function addTally(into: DeliveryTally, more: DeliveryTally): void {
  for (const key of Object.keys(into) as Array<keyof DeliveryTally>) into[key] += more[key];
}

/**
 * Writes a batch's outcomes in one short transaction, each conditioned on the claim still holding
 * the row, so a worker whose lease ran out can never overwrite what another worker did. Safe to run
 * twice: every patch is absolute except a sent row's attempt count, which is guarded by sentAt.
 */
@Injectable()
export class DeliveryRecorder {
  private readonly logger = new Logger(DeliveryRecorder.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async record(owner: string, outcomes: DeliveryOutcome[]): Promise<DeliveryTally> {
    const tally = emptyTally();
    if (outcomes.length === 0) return tally;
    const now = this.clock.now();
    const sent = outcomes.filter((o) => o.kind === 'sent');
    const others = outcomes.filter((o) => o.kind !== 'sent').sort((a, b) => (a.row.id < b.row.id ? -1 : 1));
    // The messages went out: a database that went away is waited for a while rather than leaving them
    // leased, to be sent again by whoever claims them when the lease ends.
    await this.transactions.runOutlastingOutage(async (em) => {
      Object.assign(tally, emptyTally());
      for (const channel of ['email', 'sms'] as const) {
        const group = sent.filter((o) => o.channel === channel);
        if (group.length === 0) continue;
        const recorded = await this.recordSent(em, owner, channel, group, now);
        tally.sent += recorded;
        tally.lost += group.length - recorded;
      }
      for (const outcome of others) {
        const { counted, patch, onlyIfScheduled } = this.patchFor(outcome, now);
        const held = await this.update(em, outcome.row.id, owner, patch, onlyIfScheduled);
        if (held) tally[counted]++;
        else tally.lost++;
      }
    });
    if (tally.lost > 0)
      this.logger.warn(
        `${tally.lost} delivery outcome(s) not recorded: another change or claim had taken the row (claim ${owner})`,
      );
    return tally;
  }

  /**
   * The common case, one statement for the whole batch: each row gets its own provider id. Recorded
   * even if the event was cancelled meanwhile, because the message did go out.
   */
  private async recordSent(
    em: EntityManager,
    owner: string,
    channel: MessageChannel,
    sent: Array<Extract<DeliveryOutcome, { kind: 'sent' }>>,
    now: Date,
  ): Promise<number> {
    const params: Record<string, unknown> = { owner, ids: sent.map((o) => o.row.id) };
    const providerIds = sent.map((o, i) => {
      params[`id${i}`] = o.row.id;
      params[`pid${i}`] = o.providerId;
      return `WHEN :id${i} THEN :pid${i}`;
    });
    const result = await em
      .createQueryBuilder()
      .update(Delivery)
      .set({
        status: 'sent',
        sentAt: now,
        channel,
        lastError: null,
        leaseUntil: null,
        updatedAt: now,
        attempts: () => 'attempts + 1',
        providerId: () => `CASE id ${providerIds.join(' ')} END`,
      })
      // sentAt: a commit that landed while its answer was lost is not counted twice when run again.
      .where('id IN (:...ids) AND leaseOwner = :owner AND sentAt IS NULL')
      .setParameters(params)
      .execute();
    return result.affected ?? 0;
  }

  private patchFor(
    outcome: DeliveryOutcome,
    now: Date,
  ): { counted: keyof DeliveryTally; patch: Partial<Delivery>; onlyIfScheduled: boolean } {
    const attempts = outcome.row.attempts + 1;
    switch (outcome.kind) {
      case 'sent':
        return {
          counted: 'sent',
          onlyIfScheduled: false,
          patch: {
            status: 'sent',
            sentAt: now,
            attempts,
            channel: outcome.channel,
            providerId: outcome.providerId,
            lastError: null,
            leaseUntil: null,
          },
        };
      case 'send_failed': {
        const { failure } = outcome;
        const lastError = failure.message.slice(0, 1000);
        if (failure.permanent || attempts >= MAX_ATTEMPTS) {
          return {
            counted: 'failed',
            onlyIfScheduled: true,
            patch: { status: 'failed', attempts, channel: outcome.channel, lastError, leaseUntil: null },
          };
        }
        const dueAt = new Date(
          now.getTime() + retryDelayMs(attempts, this.config.worker.retryBaseMs, failure.retryAfterSeconds),
        );
        return {
          counted: 'retried',
          onlyIfScheduled: true,
          patch: { dueAt, attempts, channel: outcome.channel, lastError, leaseOwner: null, leaseUntil: null },
        };
      }
      case 'settled':
        return {
          counted: outcome.status === 'failed' ? 'failed' : outcome.status,
          onlyIfScheduled: true,
          patch: {
            status: outcome.status,
            lastError: outcome.reason,
            leaseUntil: null,
            ...(outcome.channel ? { channel: outcome.channel } : {}),
          },
        };
      case 'released':
        return { counted: 'released', onlyIfScheduled: false, patch: { leaseOwner: null, leaseUntil: null } };
    }
  }

  private async update(
    em: EntityManager,
    id: string,
    owner: string,
    patch: Partial<Delivery>,
    onlyIfScheduled: boolean,
  ): Promise<boolean> {
    const qb = em
      .createQueryBuilder()
      .update(Delivery)
      .set({ ...patch, updatedAt: this.clock.now() })
      .where('id = :id AND leaseOwner = :owner', { id, owner });
    if (onlyIfScheduled) qb.andWhere("status = 'scheduled'");
    const result = await qb.execute();
    return (result.affected ?? 0) > 0;
  }
}
