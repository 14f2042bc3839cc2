import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, datetime, id, ref, str, text } from './schema-helpers.js';

export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'firms',
        columns: [id(), str('name', 200), str('timezone', 64), str('subscriptionStatus', 16), datetime('createdAt')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_users',
        columns: [
          id(),
          ref('firmId'),
          str('name', 200),
          str('email', 254),
          str('passwordHash', 255),
          text('permissions'),
          datetime('createdAt'),
        ],
        indices: [{ columnNames: ['firmId'] }, { columnNames: ['email'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'clients',
        columns: [
          id(),
          ref('firmId'),
          str('firstName', 100),
          str('lastName', 100),
          str('email', 254, true),
          str('phone', 16, true),
          str('timezone', 64, true),
          bool('smsOptIn', false),
          str('portalPasswordHash', 255, true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [{ columnNames: ['firmId', 'email'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cases',
        columns: [id(), ref('firmId'), str('title', 500), ref('createdBy'), datetime('createdAt')],
        indices: [{ columnNames: ['firmId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_clients',
        columns: [id('caseId'), id('clientId')],
        indices: [{ columnNames: ['clientId'] }],
      }),
    );
    await q.createTable(
      new Table({ name: 'case_staff', columns: [id('caseId'), id('userId')], indices: [{ columnNames: ['userId'] }] }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          id(),
          str('tokenHash', 64),
          str('kind', 8),
          ref('subjectId'),
          ref('firmId'),
          datetime('createdAt'),
          datetime('expiresAt'),
        ],
        indices: [{ columnNames: ['tokenHash'], isUnique: true }, { columnNames: ['subjectId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rate_limit_hits',
        columns: [id(), str('bucket', 64), datetime('hitAt')],
        indices: [{ columnNames: ['bucket', 'hitAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limit_hits',
      'sessions',
      'case_staff',
      'case_clients',
      'cases',
      'clients',
      'staff_users',
      'firms',
    ]) {
      await q.dropTable(table);
    }
  }
}
