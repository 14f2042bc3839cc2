import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { resolveDataSourceOptions, useConvertingInsertReadBack } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';
import { RowLocks } from './row-locks.js';
import { Transactions } from './transactions.js';

/** The connection, migrated before anything uses it (never synchronize), and the transaction runner. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => resolveDataSourceOptions(config.databaseUrl),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        useConvertingInsertReadBack(dataSource);
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions, RowLocks],
  exports: [Transactions, RowLocks],
})
export class DatabaseModule {}
