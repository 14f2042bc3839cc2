import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int } from './schema-helpers.js';

/**
 * A version per firm that every change to its events raises in the same transaction (issue 15,
 * item 4): a calendar feed's 304 reads it with the feed, one indexed look-up, instead of aggregating
 * the feed's events on every poll. No rows to start with: a firm without one is at version 0, and
 * no app process has a version cached across this migration.
 */
export class FirmEventVersions1765710000000 implements MigrationInterface {
  name = 'FirmEventVersions1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'firm_event_versions', columns: [id('firmId'), int('version')] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('firm_event_versions');
  }
}
