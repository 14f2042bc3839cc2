import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../src/case-events/case-event.entity.js';
import { resolveDataSourceOptions } from '../src/database/data-source-options.js';
import { runMigrations } from '../src/database/run-migrations.js';
import { Delivery } from '../src/reminders/delivery.entity.js';
import { createEvent } from './factories/case-events.factory.js';
import { createCase, createClient, portalLogin, signupFirm } from './factories/identity.factory.js';
import { createTemplate } from './factories/messaging.factory.js';
import { createRule, inMinutes } from './factories/reminders.factory.js';
import { createTestApp } from './support/test-app.js';
import { createEmptyDatabase } from './support/test-database.js';

describe('Migrations', () => {
  it('bring an empty database exactly in line with the entities, and a second run does nothing', async () => {
    const { url, drop } = await createEmptyDatabase();
    const dataSource = await new DataSource(await resolveDataSourceOptions(url)).initialize();
    try {
      await runMigrations(dataSource);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      await expect(dataSource.showMigrations()).resolves.toBe(false);
      await expect(dataSource.runMigrations()).resolves.toEqual([]);
    } finally {
      await dataSource.destroy();
      await drop();
    }
  });

  it('1765200000000 repairs times stored out of range, so the portal, the timeline and deliveries answer 200 again', async () => {
    const { url, drop } = await createEmptyDatabase();
    let t = await createTestApp({ databaseUrl: url });
    const owner = await signupFirm(t);
    const client = await createClient(t, owner);
    const caseId = (await createCase(t, owner, [client.id])).id;
    await createRule(t, owner, (await createTemplate(t, owner, 'email')).id, 60);
    const model = await createEvent(t, owner, caseId, {
      startsAt: inMinutes(24 * 60),
      endsAt: inMinutes(25 * 60),
      sharedWithClients: true,
    });
    await t.close();

    const mysql = !url.startsWith('sqlite:');
    const FIRST = '1900-01-01T00:00:00.000Z';
    const LAST = '2199-12-31T23:59:59.999Z';
    // [startsAt, endsAt, what the repaired event reads as]; null keeps the model's value. An end that is
    // not after the clamped start is dropped.
    type Row = [unknown, unknown, { status: string; startsAt: string | null; endsAt: string | null }];
    const farFuture: Row = mysql
      ? ['9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999', { status: 'cancelled', startsAt: LAST, endsAt: null }]
      : // What SQLite kept for 9999-12-31T23:30:00-05:00 before the API refused it.
        ['10000-01-01 04:30:00.000', null, { status: 'cancelled', startsAt: LAST, endsAt: null }];
    const rows: Row[] = [
      farFuture,
      [
        '0000-00-00 00:00:00',
        '2026-12-01 21:00:00.000',
        { status: 'cancelled', startsAt: FIRST, endsAt: '2026-12-01T21:00:00.000Z' },
      ],
      ['1899-12-31 23:59:00.000', null, { status: 'cancelled', startsAt: FIRST, endsAt: model.endsAt }],
      ['2200-01-01 00:00:00.000', '2200-01-01 01:00:00.000', { status: 'cancelled', startsAt: LAST, endsAt: null }],
      [
        null,
        mysql ? '0000-00-00 00:00:00' : '2026-13-01 10:00:00',
        { status: 'scheduled', startsAt: model.startsAt, endsAt: null },
      ],
      ...(mysql
        ? [['1000-01-01 00:00:00', null, { status: 'cancelled', startsAt: FIRST, endsAt: model.endsAt }] as Row]
        : [
            ['10000-01-01T04:30:00.000Z', null, { status: 'cancelled', startsAt: LAST, endsAt: null }] as Row,
            [12345, null, { status: 'cancelled', startsAt: FIRST, endsAt: model.endsAt }] as Row,
          ]),
    ];

    const dataSource = await new DataSource(await resolveDataSourceOptions(url)).initialize();
    const ids = rows.map(() => randomUUID());
    try {
      // Back to the previous migration: this one changes no schema, so forgetting it is exactly that.
      await dataSource.query('DELETE FROM migrations WHERE name = ?', ['RepairOutOfRangeTimes1765200000000']);
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      // Zero dates, as older MySQL setups allowed them.
      if (mysql) await runner.query("SET SESSION sql_mode = ''");
      const copy = async (
        table: string,
        columns: string[],
        fromId: string,
        values: Record<string, unknown>,
      ): Promise<void> => {
        const select = columns.map((c) => (c in values ? '?' : c));
        const params = columns.filter((c) => c in values).map((c) => values[c]);
        await runner.query(
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${table} WHERE id = ?`,
          [...params, fromId],
        );
      };
      const eventColumns = dataSource.getMetadata(CaseEvent).columns.map((c) => c.databaseName);
      for (const [i, [startsAt, endsAt]] of rows.entries()) {
        await copy('case_events', eventColumns, model.id, {
          id: ids[i],
          title: `Bad ${i}`,
          ...(startsAt !== null ? { startsAt } : {}),
          ...(endsAt !== null ? { endsAt } : {}),
        });
      }
      const [delivery] = (await runner.query('SELECT id FROM deliveries WHERE eventId = ?', [model.id])) as Array<{
        id: string;
      }>;
      const deliveryColumns = dataSource.getMetadata(Delivery).columns.map((c) => c.databaseName);
      // A reminder of the far-future event, due out of range itself; one of the 1899 event, due in range.
      await copy('deliveries', deliveryColumns, delivery!.id, {
        id: randomUUID(),
        eventId: ids[0],
        dedupeKey: randomUUID(),
        status: 'scheduled',
        dueAt: mysql ? '0000-00-00 00:00:00' : '10000-01-01 03:30:00.000',
      });
      await copy('deliveries', deliveryColumns, delivery!.id, {
        id: randomUUID(),
        eventId: ids[2],
        dedupeKey: randomUUID(),
        status: 'scheduled',
      });
      await runner.release();

      await expect(dataSource.showMigrations()).resolves.toBe(true);
      await runMigrations(dataSource);
      await expect(dataSource.showMigrations()).resolves.toBe(false);
    } finally {
      await dataSource.destroy();
    }

    t = await createTestApp({ databaseUrl: url });
    try {
      const auth = { Authorization: `Bearer ${owner.token}` };
      const timeline = await t.http().get(`/api/v1/cases/${caseId}/events`).set(auth);
      expect(timeline.status).toBe(200);
      const byId = new Map((timeline.body.items as Array<{ id: string }>).map((e) => [e.id, e]));
      expect(ids.map((id) => byId.get(id))).toEqual(
        rows.map(([, , after], i) => expect.objectContaining({ id: ids[i], ...after })),
      );
      const portal = await t
        .http()
        .get('/api/v1/portal/events')
        .set({ Authorization: `Bearer ${await portalLogin(t, client)}` });
      expect(portal.status).toBe(200);
      expect(portal.body.items).toHaveLength(rows.length + 1);
      for (const id of [ids[0], ids[2]]) {
        const deliveries = await t.http().get(`/api/v1/events/${id}/deliveries`).set(auth);
        expect(deliveries.status).toBe(200);
        expect(deliveries.body.items).toEqual([
          expect.objectContaining({ status: 'cancelled', lastError: expect.stringContaining('1900–2199') }),
        ]);
        const dueAt = new Date(deliveries.body.items[0].dueAt as string).getTime();
        expect(dueAt >= Date.parse(FIRST) && dueAt <= Date.parse(LAST)).toBe(true);
      }
      await expect(
        t
          .http()
          .get(`/api/v1/events/${ids[1]}`)
          .set(auth)
          .then((r) => r.status),
      ).resolves.toBe(200);
    } finally {
      await t.close();
      await drop();
    }
  });
});
