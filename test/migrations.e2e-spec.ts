import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { resolveDataSourceOptions } from '../src/database/data-source-options.js';
import { runMigrations } from '../src/database/run-migrations.js';
import { createEmptyDatabase } from './support/test-database.js';

describe('Migrations', () => {
  it('bring an empty database exactly in line with the entities, and a second run does nothing', async () => {
    const { url, drop } = await createEmptyDatabase();
    const dataSource = await new DataSource(await resolveDataSourceOptions(url)).initialize();
    try {
      await runMigrations(dataSource);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      await expect(dataSource.showMigrations()).resolves.toBe(false);
      await expect(dataSource.runMigrations()).resolves.toEqual([]);
    } finally {
      await dataSource.destroy();
      await drop();
    }
  });
});
