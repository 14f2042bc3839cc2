import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** GET /events: the firm's events in (startsAt, id) order, read in that order from the index. */
const FIRM = ['firmId', 'startsAt', 'id'];
/** GET /events?mine=true, the half of it the caller created (the other half comes from case_event_staff by userId). */
const CREATED = ['firmId', 'createdBy', 'startsAt', 'id'];

/** The firm's calendar: every keyset page starts at its cursor in an index and stops after limit + 1 rows. */
export class FirmCalendarIndex1765500000000 implements MigrationInterface {
  name = 'FirmCalendarIndex1765500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const columnNames of [FIRM, CREATED]) {
      await q.createIndex(
        'case_events',
        new TableIndex({ name: q.connection.namingStrategy.indexName('case_events', columnNames), columnNames }),
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const columnNames of [CREATED, FIRM])
      await q.dropIndex('case_events', q.connection.namingStrategy.indexName('case_events', columnNames));
  }
}
