import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { str } from './schema-helpers.js';

const PORTAL_LOGIN = ['portalLoginEmail', 'firmId'];
const SESSION_EXPIRY = ['expiresAt'];

/**
 * Within a firm, one email has portal access at most once: `portalLoginEmail` is the email of a client
 * with portal access (else null) under a unique index, which portal sign-in also reads by. Where a firm
 * already has several clients with one email and portal access, the oldest keeps it and the others'
 * portal passwords are cleared (staff can set one again once the duplicate is sorted out).
 * Also an index on sessions' expiry, for the purge of expired sessions.
 */
export class PortalLoginEmail1765000000000 implements MigrationInterface {
  name = 'PortalLoginEmail1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('clients', new TableColumn(str('portalLoginEmail', 254, true)));
    const rows: Array<{ id: string; firmId: string; email: string }> = await q.query(
      'SELECT id, firmId, email FROM clients WHERE portalPasswordHash IS NOT NULL AND email IS NOT NULL ORDER BY createdAt, id',
    );
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.firmId}\u0000${row.email.toLowerCase()}`;
      if (seen.has(key)) {
        await q.query('UPDATE clients SET portalPasswordHash = NULL WHERE id = ?', [row.id]);
      } else {
        seen.add(key);
        await q.query('UPDATE clients SET portalLoginEmail = email WHERE id = ?', [row.id]);
      }
    }
    const naming = q.connection.namingStrategy;
    await q.createIndex(
      'clients',
      new TableIndex({ name: naming.indexName('clients', PORTAL_LOGIN), columnNames: PORTAL_LOGIN, isUnique: true }),
    );
    await q.createIndex(
      'sessions',
      new TableIndex({ name: naming.indexName('sessions', SESSION_EXPIRY), columnNames: SESSION_EXPIRY }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const naming = q.connection.namingStrategy;
    await q.dropIndex('sessions', naming.indexName('sessions', SESSION_EXPIRY));
    await q.dropIndex('clients', naming.indexName('clients', PORTAL_LOGIN));
    await q.dropColumn('clients', 'portalLoginEmail');
  }
}
