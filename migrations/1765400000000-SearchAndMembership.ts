import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const CLIENT_SEARCH_TEXT_LENGTH = 1000;
const CASE_SEARCH_TEXT_LENGTH = 1000;
const FIRM_CREATION = ['firmId', 'createdAt', 'id'];
const BATCH = 500;

/**
 * GET /clients?q= and GET /cases?q=: each record keeps its text folded for search (`searchText`: a
 * client's "first last email", a case's title), written by the app on every change and backfilled
 * here, and an index serves the firm-scoped scan in creation order that filters on it.
 */
export class SearchAndMembership1765400000000 implements MigrationInterface {
  name = 'SearchAndMembership1765400000000';

  async up(q: QueryRunner): Promise<void> {
    const naming = q.connection.namingStrategy;
    await q.addColumn(
      'clients',
      new TableColumn({
        name: 'searchText',
        type: 'varchar',
        length: String(CLIENT_SEARCH_TEXT_LENGTH),
        default: "''",
      }),
    );
    await q.addColumn(
      'cases',
      new TableColumn({ name: 'searchText', type: 'varchar', length: String(CASE_SEARCH_TEXT_LENGTH), default: "''" }),
    );
    await backfill(q, 'SELECT id, firstName, lastName, email FROM clients', 'clients', (r) =>
      searchTextOf([r.firstName, r.lastName, r.email], CLIENT_SEARCH_TEXT_LENGTH),
    );
    await backfill(q, 'SELECT id, title FROM cases', 'cases', (r) => searchTextOf([r.title], CASE_SEARCH_TEXT_LENGTH));
    await q.createIndex(
      'clients',
      new TableIndex({ name: naming.indexName('clients', FIRM_CREATION), columnNames: FIRM_CREATION }),
    );
    await q.createIndex(
      'cases',
      new TableIndex({ name: naming.indexName('cases', FIRM_CREATION), columnNames: FIRM_CREATION }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const naming = q.connection.namingStrategy;
    await q.dropIndex('cases', naming.indexName('cases', FIRM_CREATION));
    await q.dropIndex('clients', naming.indexName('clients', FIRM_CREATION));
    await q.dropColumn('cases', 'searchText');
    await q.dropColumn('clients', 'searchText');
  }
}

type Row = Record<string, string | null> & { id: string };

/** Rewrites searchText of every row, a batch at a time in id order. */
async function backfill(q: QueryRunner, select: string, table: string, fold: (row: Row) => string): Promise<void> {
  for (let after = ''; ;) {
    const rows: Row[] = await q.query(`${select} WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after]);
    for (const row of rows) await q.query(`UPDATE ${table} SET searchText = ? WHERE id = ?`, [fold(row), row.id]);
    if (rows.length < BATCH) return;
    after = (rows[rows.length - 1] as Row).id;
  }
}

/** src/common/text/search-text.ts as of this migration (a migration must not change when the app does). */
function searchTextOf(parts: Array<string | null | undefined>, maxLength: number): string {
  const text = parts.filter((p): p is string => !!p).join(' ');
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}
