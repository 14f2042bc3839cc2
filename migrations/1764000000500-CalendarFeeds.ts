import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, int, ref, str } from './schema-helpers.js';

export class CalendarFeeds1764000000500 implements MigrationInterface {
  name = 'CalendarFeeds1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calendar_feeds',
        columns: [
          id(),
          str('tokenHash', 64),
          ref('firmId'),
          str('scope', 8),
          ref('ownerUserId', true),
          ref('caseId', true),
          ref('clientId', true),
          str('name', 800),
          int('version'),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          { columnNames: ['tokenHash'], isUnique: true },
          { columnNames: ['clientId'], isUnique: true },
          { columnNames: ['ownerUserId', 'createdAt'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_feeds');
  }
}
