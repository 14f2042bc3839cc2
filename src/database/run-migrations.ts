import type { DataSource, Migration } from 'typeorm';

/** What each data source's start applied: main.ts says how many in its start-up line. */
export const migrationsAppliedAtStart = new WeakMap<DataSource, Migration[]>();

/**
 * Applies pending migrations. On MySQL a named lock keeps two processes that start together from
 * running the same DDL twice; SQLite's single writer does the same by itself.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') {
    migrationsAppliedAtStart.set(dataSource, await dataSource.runMigrations({ transaction: 'each' }));
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [{ locked }] = (await runner.query("SELECT GET_LOCK('mylawyerlink_migrations', 120) AS locked")) as Array<{
      locked: number;
    }>;
    if (Number(locked) !== 1) throw new Error('Timed out waiting for another process to finish migrating');
    try {
      migrationsAppliedAtStart.set(dataSource, await dataSource.runMigrations({ transaction: 'each' }));
    } finally {
      await runner.query("SELECT RELEASE_LOCK('mylawyerlink_migrations')");
    }
  } finally {
    await runner.release();
  }
}
