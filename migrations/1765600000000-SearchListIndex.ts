import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const TABLES = ['clients', 'cases'] as const;
const FIRM_CREATION = ['firmId', 'createdAt', 'id'];
/** The same order, with the folded text in the index so `searchText LIKE` is tested on index entries alone. */
const FIRM_CREATION_SEARCH = ['firmId', 'createdAt', 'id', 'searchText'];
/**
 * What searchText can hold now. MySQL/MariaDB's InnoDB keys are at most 3,072 bytes: firmId and id
 * (36 × 4 + 2 each), createdAt (7) and searchText (× 4 + 2, utf8mb4) leave room for 692 characters.
 * A client's "first last email" is at most 456 before folding, a case's title 500.
 */
const SEARCH_TEXT_LENGTH = 600;
const BEFORE = 1000;

/**
 * GET /clients?q= and GET /cases?q= scan the firm in creation order until 101 rows match; when few or
 * none do, that is the whole firm. With searchText outside the index each entry read cost a lookup of
 * the row (a random primary-key read on InnoDB, a rowid seek on SQLite) only to test the LIKE: 38 ms of
 * MariaDB's time for a firm of 20,000 clients (docs/benchmarks.md, "Search lists"). With it in the
 * index, the lists read the page's keys from the index alone and then the page's rows by id: 8 ms. It
 * replaces (firmId, createdAt, id), of which it is an extension (an index both databases would prefer
 * for the row-reading query, and a second copy of the same entries to write).
 */
export class SearchListIndex1765600000000 implements MigrationInterface {
  name = 'SearchListIndex1765600000000';

  async up(q: QueryRunner): Promise<void> {
    const naming = q.connection.namingStrategy;
    const sqlite = q.connection.options.type === 'better-sqlite3';
    for (const table of TABLES) {
      // Only a pathological NFKD expansion is that long; it loses its tail, as searchTextOf cuts it.
      await q.query(
        `UPDATE ${table} SET searchText = SUBSTR(searchText, 1, ${SEARCH_TEXT_LENGTH}) WHERE ${sqlite ? 'LENGTH' : 'CHAR_LENGTH'}(searchText) > ${SEARCH_TEXT_LENGTH}`,
      );
      await q.dropIndex(table, naming.indexName(table, FIRM_CREATION));
      await setSearchTextLength(q, table, SEARCH_TEXT_LENGTH);
      await q.createIndex(
        table,
        new TableIndex({ name: naming.indexName(table, FIRM_CREATION_SEARCH), columnNames: FIRM_CREATION_SEARCH }),
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const naming = q.connection.namingStrategy;
    for (const table of TABLES) {
      await q.dropIndex(table, naming.indexName(table, FIRM_CREATION_SEARCH));
      await setSearchTextLength(q, table, BEFORE);
      await q.createIndex(
        table,
        new TableIndex({ name: naming.indexName(table, FIRM_CREATION), columnNames: FIRM_CREATION }),
      );
    }
  }
}

/**
 * MySQL: one MODIFY, which keeps the data (TypeORM's changeColumn drops and re-adds a column whose
 * length changes there). SQLite cannot alter a column: changeColumn rebuilds the table with its rows.
 */
async function setSearchTextLength(q: QueryRunner, table: string, length: number): Promise<void> {
  if (q.connection.options.type === 'better-sqlite3') {
    await q.changeColumn(
      table,
      'searchText',
      new TableColumn({ name: 'searchText', type: 'varchar', length: String(length), default: "''" }),
    );
  } else {
    await q.query(`ALTER TABLE ${table} MODIFY searchText varchar(${length}) NOT NULL DEFAULT ''`);
  }
}
