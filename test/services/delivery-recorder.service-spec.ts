import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import { SendFailure } from '../../src/messaging/transports/send-failure.js';
import { DeliveryRecorder, emptyTally } from '../../src/reminders/delivery-recorder.js';
import { Delivery } from '../../src/reminders/delivery.entity.js';
import { MAX_ATTEMPTS, SkipReason } from '../../src/reminders/reminder-plan.js';
import { RemindersModule } from '../../src/reminders/reminders.module.js';
import { aClaimOwner, aDelivery, leasedTo } from '../factories/builders.js';
import { StoppedClock } from '../support/movable-clock.js';
import { createServiceModule, type ServiceModule } from '../support/service-module.js';

/**
 * The delivery recorder on the test database, without HTTP or a worker: rows are stored as a claim
 * leaves them (leased to a worker), and the recorder writes what their sends came to.
 */
describe('DeliveryRecorder (service spec)', () => {
  const clock = new StoppedClock();
  const firmId = randomUUID();
  let s: ServiceModule;
  let recorder: DeliveryRecorder;
  let deliveries: Repository<Delivery>;
  let retryBaseMs: number;

  beforeAll(async () => {
    s = await createServiceModule({
      imports: [RemindersModule],
      customize: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    recorder = s.get(DeliveryRecorder);
    deliveries = s.dataSource.getRepository(Delivery);
    retryBaseMs = s.get(AppConfig).worker.retryBaseMs;
  });

  afterAll(async () => {
    await s.close();
  });

  /** Rows as a worker's claim holds them. */
  const claimed = async (owner: string, ...overrides: Array<Partial<Delivery>>): Promise<Delivery[]> => {
    const rows = overrides.map((o) => aDelivery({ firmId, ...leasedTo(owner), ...o }));
    await deliveries.insert(rows);
    return rows;
  };
  const reread = (row: Delivery): Promise<Delivery> => deliveries.findOneByOrFail({ id: row.id });
  const later = (ms: number): Date => new Date(clock.now().getTime() + ms);

  it("records a batch of sent messages, each with its own provider id, keeping the claim's name on the row", async () => {
    const owner = aClaimOwner();
    const [first, second, sms] = await claimed(owner, {}, { attempts: 2 }, { channel: 'sms' });
    const tally = await recorder.record(owner, [
      { kind: 'sent', row: first!, channel: 'email', providerId: '<first@mail.test>' },
      { kind: 'sent', row: second!, channel: 'email', providerId: '<second@mail.test>' },
      { kind: 'sent', row: sms!, channel: 'sms', providerId: null },
    ]);
    expect(tally).toEqual({ ...emptyTally(), sent: 3 });
    await expect(reread(first!)).resolves.toMatchObject({
      status: 'sent',
      sentAt: clock.now(),
      attempts: 1,
      providerId: '<first@mail.test>',
      lastError: null,
      leaseOwner: owner,
      leaseUntil: null,
    });
    await expect(reread(second!)).resolves.toMatchObject({
      status: 'sent',
      attempts: 3,
      providerId: '<second@mail.test>',
    });
    await expect(reread(sms!)).resolves.toMatchObject({ status: 'sent', channel: 'sms', providerId: null });
  });

  it('counts a sent message once when the same outcome is recorded again (a commit whose answer was lost)', async () => {
    const owner = aClaimOwner();
    const [row] = await claimed(owner, {});
    const outcome = { kind: 'sent' as const, row: row!, channel: 'email' as const, providerId: '<once@mail.test>' };
    await expect(recorder.record(owner, [outcome])).resolves.toMatchObject({ sent: 1, lost: 0 });
    const sentAt = clock.now();
    clock.at = later(5_000);
    await expect(recorder.record(owner, [outcome])).resolves.toMatchObject({ sent: 0, lost: 1 });
    await expect(reread(row!)).resolves.toMatchObject({ status: 'sent', attempts: 1, sentAt });
  });

  it('puts a refused send back for a retry after its backoff (or Retry-After), and fails it after the last attempt or for good', async () => {
    const owner = aClaimOwner();
    const [first, second, last, permanent] = await claimed(
      owner,
      {},
      { attempts: 1, channel: 'sms' },
      { attempts: MAX_ATTEMPTS - 1 },
      {},
    );
    const tally = await recorder.record(owner, [
      { kind: 'send_failed', row: first!, channel: 'email', failure: new SendFailure('SMTP 451: try later', false) },
      {
        kind: 'send_failed',
        row: second!,
        channel: 'sms',
        failure: new SendFailure('Too many requests', false, 120),
      },
      { kind: 'send_failed', row: last!, channel: 'email', failure: new SendFailure('SMTP 421', false) },
      {
        kind: 'send_failed',
        row: permanent!,
        channel: 'email',
        failure: new SendFailure('SMTP 550: no such user', true),
      },
    ]);
    expect(tally).toEqual({ ...emptyTally(), retried: 2, failed: 2 });
    // Back in the pool: no claim holds it, due again after base × 2^(attempt − 1), or Retry-After when longer.
    await expect(reread(first!)).resolves.toMatchObject({
      status: 'scheduled',
      attempts: 1,
      dueAt: later(retryBaseMs),
      lastError: 'SMTP 451: try later',
      leaseOwner: null,
      leaseUntil: null,
    });
    await expect(reread(second!)).resolves.toMatchObject({
      status: 'scheduled',
      attempts: 2,
      dueAt: later(Math.max(2 * retryBaseMs, 120_000)),
      leaseOwner: null,
    });
    await expect(reread(last!)).resolves.toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, leaseUntil: null });
    await expect(reread(permanent!)).resolves.toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'SMTP 550: no such user',
    });
  });

  it('settles rows that cannot go out, and hands released rows back untouched', async () => {
    const owner = aClaimOwner();
    const [skipped, cancelled, released] = await claimed(owner, {}, {}, { attempts: 2 });
    const tally = await recorder.record(owner, [
      { kind: 'settled', row: skipped!, status: 'skipped', reason: SkipReason.NO_PHONE, channel: 'sms' },
      { kind: 'settled', row: cancelled!, status: 'cancelled', reason: 'The event no longer exists.' },
      { kind: 'released', row: released! },
    ]);
    expect(tally).toEqual({ ...emptyTally(), skipped: 1, cancelled: 1, released: 1 });
    await expect(reread(skipped!)).resolves.toMatchObject({
      status: 'skipped',
      channel: 'sms',
      lastError: SkipReason.NO_PHONE,
      leaseUntil: null,
    });
    await expect(reread(cancelled!)).resolves.toMatchObject({ status: 'cancelled', channel: 'email' });
    await expect(reread(released!)).resolves.toMatchObject({
      status: 'scheduled',
      attempts: 2,
      leaseOwner: null,
      leaseUntil: null,
      sentAt: null,
    });
  });

  it('writes nothing over a row its claim no longer holds, but records a send that went out on a row cancelled meanwhile', async () => {
    const owner = aClaimOwner();
    const other = aClaimOwner();
    // The lease ran out and another worker claimed the rows; the scheduler cancelled one still leased to us.
    const [takenFailed, takenSent, takenReleased] = await claimed(other, {}, {}, {});
    const [cancelledFailed, cancelledSent] = await claimed(
      owner,
      { status: 'cancelled', lastError: 'The event was cancelled.' },
      { status: 'cancelled', lastError: 'The event was cancelled.' },
    );
    const tally = await recorder.record(owner, [
      { kind: 'send_failed', row: takenFailed!, channel: 'email', failure: new SendFailure('SMTP 451', false) },
      { kind: 'sent', row: takenSent!, channel: 'email', providerId: '<late@mail.test>' },
      { kind: 'released', row: takenReleased! },
      { kind: 'send_failed', row: cancelledFailed!, channel: 'email', failure: new SendFailure('SMTP 451', false) },
      { kind: 'sent', row: cancelledSent!, channel: 'email', providerId: '<went-out@mail.test>' },
    ]);
    expect(tally).toEqual({ ...emptyTally(), sent: 1, lost: 4 });
    for (const row of [takenFailed!, takenSent!, takenReleased!])
      await expect(reread(row)).resolves.toMatchObject({
        status: 'scheduled',
        attempts: 0,
        sentAt: null,
        leaseOwner: other,
        lastError: null,
      });
    await expect(reread(cancelledFailed!)).resolves.toMatchObject({
      status: 'cancelled',
      attempts: 0,
      lastError: 'The event was cancelled.',
    });
    // The message did go out: the row says so, whatever happened to the event.
    await expect(reread(cancelledSent!)).resolves.toMatchObject({
      status: 'sent',
      attempts: 1,
      providerId: '<went-out@mail.test>',
    });
  });
});
