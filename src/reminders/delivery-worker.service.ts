import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { isDatabaseUnavailable } from '../database/driver-errors.js';
import { DeliveryContextLoader, type DeliveryContext } from './delivery-context.loader.js';
import { DeliveryMessages, type PreparedDelivery } from './delivery-messages.js';
import {
  addTally,
  DeliveryRecorder,
  emptyTally,
  type DeliveryOutcome,
  type DeliveryTally,
} from './delivery-recorder.js';
import { Delivery } from './delivery.entity.js';
import { DueDeliveries } from './due-deliveries.js';
import { EmailSender } from '../messaging/transports/email.sender.js';
import { SendFailure } from '../messaging/transports/send-failure.js';
import { SmsSender } from '../messaging/transports/sms.sender.js';

/**
 * Rows per claim: small enough that a crash strands little and other workers find work, large
 * enough that the claim, the batch's reads and its record (about a dozen queries) cost little per
 * message (50 to 100 took a worker's CPU per email from about 0.50 to 0.43 ms: docs/benchmarks.md).
 */
const BATCH_SIZE = 100;
/** Sends in flight per batch; the SMTP pool queues beyond its own connections. */
const CONCURRENCY = 16;
/** Batches in flight per worker, so one batch's sends overlap the next one's claim, reads and writes. */
const LANES = 2;
/** No send starts this close to the end of the lease (the longest transport timeout is 30 s). */
const LEASE_MARGIN_MS = 35_000;

interface Claim {
  owner: string;
  ids: string[];
  leaseUntil: Date;
  /** Due at or before this instant. */
  dueBy: Date;
}

/**
 * The reminder worker: claims due deliveries in small batches under row locks with a lease, renders
 * each at send time, sends through the SMS or email transport, and records the outcome. Any number
 * of workers may run; a crashed one's claims come back when its lease ends.
 */
@Injectable()
export class DeliveryWorker implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly workerId = `${hostname().slice(0, 24)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private claims = 0;
  private stopping = false;
  private loop: Promise<void> | null = null;
  /** Set while polls fail for want of a database, so an outage is logged once, not every poll. */
  private databaseAway = false;
  private readonly sleepers = new Set<() => void>();

  constructor(
    @InjectRepository(Delivery) private readonly deliveries: Repository<Delivery>,
    private readonly due: DueDeliveries,
    private readonly contexts: DeliveryContextLoader,
    private readonly messages: DeliveryMessages,
    private readonly recorder: DeliveryRecorder,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get leaseMs(): number {
    return this.config.worker.leaseMs;
  }

  /** Sends everything due now, then returns; retries that fall due meanwhile wait for the next run. */
  async runOnce(): Promise<DeliveryTally> {
    const dueBy = this.clock.now();
    const tally = emptyTally();
    this.email.warm();
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (!this.stopping) {
          const claim = await this.claim(dueBy);
          if (!claim) break;
          addTally(tally, await this.process(claim));
          // A short claim took everything that was free; what another lane or worker holds is theirs to send.
          if (claim.ids.length < BATCH_SIZE) break;
        }
      }),
    );
    return tally;
  }

  /** Polls until stop(): a batch right after a full one, else a WORKER_POLL_MS pause. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    // The mail server's greeting overlaps the first claim instead of following it.
    this.email.warm();
    this.loop = Promise.all(Array.from({ length: LANES }, () => this.poll())).then(() => undefined);
  }

  /** Stops claiming, lets sends in flight finish and records them, hands back the rest; resolves when done. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    await this.loop;
    this.loop = null;
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      let full = false;
      try {
        const claim = await this.claim(this.clock.now());
        if (this.databaseAway) {
          this.databaseAway = false;
          this.logger.log('The database answers again: sending resumes');
        }
        if (claim) {
          await this.process(claim);
          full = claim.ids.length === BATCH_SIZE;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!isDatabaseUnavailable(error)) this.logger.error(`Delivery batch failed: ${message}`);
        else if (!this.databaseAway) {
          this.databaseAway = true;
          this.logger.error(
            `The database is not answering (${message}); polling again every ${this.config.worker.pollMs} ms until it does`,
          );
        }
      }
      if (!full && !this.stopping) await this.pause(this.config.worker.pollMs);
    }
  }

  /** Waits, unless stop() wakes every lane first. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async claim(dueBy: Date): Promise<Claim | null> {
    const owner = `${this.workerId}#${++this.claims}`;
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const ids = await this.due.claim({ dueBy, now, limit: BATCH_SIZE, owner, leaseUntil });
    return ids.length ? { owner, ids, leaseUntil, dueBy } : null;
  }

  private async process(claim: Claim): Promise<DeliveryTally> {
    const rows = await this.deliveries.findBy({ id: In(claim.ids), leaseOwner: claim.owner });
    const context = await this.contexts.load(rows);
    // Sends that have not started by then are handed back: another worker may take them once the lease ends.
    const sendBy = claim.leaseUntil.getTime() - Math.min(LEASE_MARGIN_MS, this.leaseMs / 2);
    const outcomes: DeliveryOutcome[] = [];
    await eachLimited(rows, CONCURRENCY, async (row) => {
      outcomes.push(await this.deliver(row, claim, context, sendBy));
    });
    const tally = await this.recorder.record(claim.owner, outcomes);
    this.logger.debug(`Claim ${claim.owner}: ${JSON.stringify(tally)}`);
    return tally;
  }

  private async deliver(
    row: Delivery,
    claim: Claim,
    context: DeliveryContext,
    sendBy: number,
  ): Promise<DeliveryOutcome> {
    const now = this.clock.now();
    // Moved or settled by another change since it was claimed.
    if (row.status !== 'scheduled' || row.dueAt.getTime() > claim.dueBy.getTime()) return { kind: 'released', row };
    if (this.stopping || now.getTime() > sendBy) return { kind: 'released', row };
    let prepared: PreparedDelivery;
    try {
      prepared = await this.messages.prepare(row, context, now);
    } catch (error) {
      // Counted as an attempt, so a message that can never be prepared ends failed instead of coming back forever.
      this.logger.error(`Delivery ${row.id} could not be prepared: ${error instanceof Error ? error.name : 'error'}`);
      return {
        kind: 'send_failed',
        row,
        channel: row.channel,
        failure: new SendFailure('Unexpected error while preparing the message', false),
      };
    }
    if (prepared.kind === 'settle')
      return { kind: 'settled', row, status: prepared.status, reason: prepared.reason, channel: prepared.channel };
    try {
      const sent = prepared.kind === 'sms' ? await this.sms.send(prepared.sms) : await this.email.send(prepared.email);
      return { kind: 'sent', row, channel: prepared.channel, providerId: sent.providerId };
    } catch (error) {
      if (error instanceof SendFailure) {
        this.logger.warn(
          `Delivery ${row.id} (${prepared.channel}) attempt ${row.attempts + 1} failed: ${error.message}`,
        );
        return { kind: 'send_failed', row, channel: prepared.channel, failure: error };
      }
      this.logger.error(
        `Delivery ${row.id} (${prepared.channel}) failed unexpectedly: ${error instanceof Error ? error.name : 'error'}`,
      );
      return {
        kind: 'send_failed',
        row,
        channel: prepared.channel,
        failure: new SendFailure('Unexpected error while sending', false),
      };
    }
  }
}

/** Runs `work` over the items, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}
