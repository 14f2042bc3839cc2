import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, str } from './schema-helpers.js';

const FIRM_MEMBERS = ['firmId', 'removedAt', 'createdAt'];

/**
 * Offboarding keeps a removed member's record (createdBy and past events still name them) but frees
 * their email for a new account: `email` becomes nullable and a removal moves the address to
 * `formerEmail`, so staff_users' unique email index (which allows any number of NULLs on both
 * databases) only ever holds current members. `removedAt` marks a former member. The index on
 * (firmId, removedAt, createdAt) serves GET /users, which pages a firm's current or former members
 * by creation time.
 */
export class FormerMembers1765300000000 implements MigrationInterface {
  name = 'FormerMembers1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await setEmailNullable(q, true);
    await q.addColumn('staff_users', new TableColumn(str('formerEmail', 254, true)));
    await q.addColumn('staff_users', new TableColumn(datetime('removedAt', true)));
    const naming = q.connection.namingStrategy;
    await q.createIndex(
      'staff_users',
      new TableIndex({ name: naming.indexName('staff_users', FIRM_MEMBERS), columnNames: FIRM_MEMBERS }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const naming = q.connection.namingStrategy;
    await q.dropIndex('staff_users', naming.indexName('staff_users', FIRM_MEMBERS));
    // Former members have no email to put back: a placeholder keeps the column NOT NULL and unique.
    const placeholder =
      q.connection.options.type === 'better-sqlite3'
        ? "'removed-' || id || '@invalid'"
        : "CONCAT('removed-', id, '@invalid')";
    await q.query(`UPDATE staff_users SET email = ${placeholder} WHERE email IS NULL`);
    await q.dropColumn('staff_users', 'removedAt');
    await q.dropColumn('staff_users', 'formerEmail');
    await setEmailNullable(q, false);
  }
}

/**
 * MySQL: one MODIFY, which keeps the unique index on email (TypeORM's changeColumn drops it there).
 * SQLite cannot alter a column: changeColumn rebuilds the table with its indexes.
 */
async function setEmailNullable(q: QueryRunner, nullable: boolean): Promise<void> {
  if (q.connection.options.type === 'better-sqlite3') {
    await q.changeColumn('staff_users', 'email', new TableColumn(str('email', 254, nullable)));
  } else {
    await q.query(`ALTER TABLE staff_users MODIFY email varchar(254) ${nullable ? 'NULL' : 'NOT NULL'}`);
  }
}
