import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const OLD = ['firmId', 'startsAt'];
const COVERING = ['firmId', 'startsAt', 'createdBy', 'status', 'cancelledAt', 'updatedAt', 'sequence'];

/** A calendar feed's 304 check reads only this index; it starts with the old (firmId, startsAt), which it replaces. */
export class CaseEventFeedIndex1764000000700 implements MigrationInterface {
  name = 'CaseEventFeedIndex1764000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'case_events',
      new TableIndex({ name: q.connection.namingStrategy.indexName('case_events', COVERING), columnNames: COVERING }),
    );
    await q.dropIndex('case_events', q.connection.namingStrategy.indexName('case_events', OLD));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'case_events',
      new TableIndex({ name: q.connection.namingStrategy.indexName('case_events', OLD), columnNames: OLD }),
    );
    await q.dropIndex('case_events', q.connection.namingStrategy.indexName('case_events', COVERING));
  }
}
