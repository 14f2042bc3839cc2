import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, int, ref, str } from './schema-helpers.js';

export class Reminders1764000000600 implements MigrationInterface {
  name = 'Reminders1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reminder_rules',
        columns: [
          id(),
          ref('firmId'),
          ref('templateId'),
          int('offsetMinutes'),
          ref('createdBy'),
          datetime('createdAt'),
        ],
        indices: [{ columnNames: ['firmId', 'createdAt'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'deliveries',
        columns: [
          id(),
          ref('firmId'),
          str('kind', 32),
          ref('eventId', true),
          ref('clientId', true),
          ref('ruleId', true),
          str('channel', 8),
          str('recipient', 254, true),
          str('status', 16),
          datetime('dueAt'),
          datetime('sentAt', true),
          int('attempts'),
          str('lastError', 1000, true),
          str('providerId', 200, true),
          str('leaseOwner', 64, true),
          datetime('leaseUntil', true),
          str('dedupeKey', 200),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          { columnNames: ['status', 'dueAt'] },
          { columnNames: ['eventId', 'dueAt'] },
          { columnNames: ['ruleId', 'status'] },
          { columnNames: ['dedupeKey'], isUnique: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('deliveries');
    await q.dropTable('reminder_rules');
  }
}
