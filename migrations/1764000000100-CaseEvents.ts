import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, datetime, id, int, ref, str, text } from './schema-helpers.js';

export class CaseEvents1764000000100 implements MigrationInterface {
  name = 'CaseEvents1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'case_events',
        columns: [
          id(),
          ref('firmId'),
          ref('caseId'),
          str('title', 500),
          datetime('startsAt'),
          datetime('endsAt', true),
          str('timezone', 64),
          str('location', 500, true),
          text('description', true),
          str('videoLink', 2048, true),
          str('zoomMeetingId', 32, true),
          bool('sharedWithClients', false),
          str('status', 16),
          datetime('cancelledAt', true),
          int('sequence'),
          ref('createdBy'),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [{ columnNames: ['caseId', 'startsAt'] }, { columnNames: ['firmId', 'startsAt'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'case_event_staff',
        columns: [id('eventId'), id('userId')],
        indices: [{ columnNames: ['userId'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_event_staff', 'case_events']) await q.dropTable(table);
  }
}
