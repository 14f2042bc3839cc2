import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, ref, str, text } from './schema-helpers.js';

export class MessagingTemplates1764000000200 implements MigrationInterface {
  name = 'MessagingTemplates1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'message_templates',
        columns: [
          id(),
          ref('firmId'),
          str('channel', 8),
          str('name', 200),
          str('subject', 500, true),
          text('body'),
          ref('createdBy'),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [{ columnNames: ['firmId', 'createdAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('message_templates');
  }
}
