import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, ref, str, text } from './schema-helpers.js';

export class ZoomIntegration1764000000300 implements MigrationInterface {
  name = 'ZoomIntegration1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'zoom_credentials',
        columns: [
          id(),
          ref('userId'),
          ref('firmId'),
          str('zoomUserId', 64),
          str('accountEmail', 254),
          text('refreshTokenSealed', true),
          str('keyId', 16, true),
          str('status', 20),
          datetime('connectedAt'),
          datetime('lastRefreshedAt'),
          datetime('updatedAt'),
        ],
        indices: [{ columnNames: ['userId'], isUnique: true }, { columnNames: ['zoomUserId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'zoom_oauth_states',
        columns: [
          id(),
          str('stateHash', 64),
          ref('userId'),
          text('codeVerifierSealed'),
          datetime('createdAt'),
          datetime('expiresAt'),
        ],
        indices: [{ columnNames: ['stateHash'], isUnique: true }, { columnNames: ['expiresAt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('zoom_oauth_states');
    await q.dropTable('zoom_credentials');
  }
}
