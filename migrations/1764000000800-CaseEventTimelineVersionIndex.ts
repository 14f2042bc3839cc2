import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const COLUMNS = ['caseId', 'firmId', 'sequence'];

/** The timeline's version check (count and sum of sequences of a case's events) reads only this index. */
export class CaseEventTimelineVersionIndex1764000000800 implements MigrationInterface {
  name = 'CaseEventTimelineVersionIndex1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'case_events',
      new TableIndex({ name: q.connection.namingStrategy.indexName('case_events', COLUMNS), columnNames: COLUMNS }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('case_events', q.connection.namingStrategy.indexName('case_events', COLUMNS));
  }
}
