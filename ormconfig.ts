import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { resolveDataSourceOptions } from './src/database/data-source-options.js';

if (existsSync('.env')) process.loadEnvFile('.env');

/** The data source of the TypeORM CLI (migration:run, :revert, :generate); the app builds the same one. */
export default new DataSource(await resolveDataSourceOptions(process.env.DATABASE_URL || 'sqlite:./data/app.sqlite'));
