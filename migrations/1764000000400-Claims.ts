import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, str, text } from './schema-helpers.js';

export class Claims1764000000400 implements MigrationInterface {
  name = 'Claims1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'claims',
        columns: [
          id(),
          str('scope', 100),
          str('claimKey', 255),
          str('fingerprint', 64),
          str('status', 16),
          text('result', true),
          datetime('leaseUntil'),
          datetime('expiresAt'),
        ],
        indices: [{ columnNames: ['scope', 'claimKey'], isUnique: true }, { columnNames: ['expiresAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('claims');
  }
}
