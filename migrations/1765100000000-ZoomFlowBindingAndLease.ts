import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, str, text } from './schema-helpers.js';

const CREDENTIAL_COLUMNS = [
  text('accessTokenSealed', true),
  datetime('accessTokenExpiresAt', true),
  str('refreshLeaseId', 36, true),
  datetime('refreshLeaseUntil', true),
];

/**
 * The Connect flow is bound to the browser that started it (the hash of its cookie's value, kept
 * with the state), and a token refresh is single-flight across instances through a lease on the
 * credential row instead of a transaction held open while Zoom answers; the access token the
 * lease holder got is stored sealed, so the waiters use it instead of refreshing again.
 */
export class ZoomFlowBindingAndLease1765100000000 implements MigrationInterface {
  name = 'ZoomFlowBindingAndLease1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A flow started before this has no cookie that could finish it; states last ten minutes anyway.
    await q.query('DELETE FROM zoom_oauth_states');
    await q.addColumn('zoom_oauth_states', new TableColumn(str('browserBindingHash', 64)));
    await q.addColumns(
      'zoom_credentials',
      CREDENTIAL_COLUMNS.map((column) => new TableColumn(column)),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns(
      'zoom_credentials',
      CREDENTIAL_COLUMNS.map((column) => column.name),
    );
    await q.dropColumn('zoom_oauth_states', 'browserBindingHash');
  }
}
