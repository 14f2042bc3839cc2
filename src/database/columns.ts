import { Column, type ColumnOptions } from 'typeorm';

/** Millisecond UTC timestamps that map the same way on MySQL (datetime(3)) and SQLite. */
export function DateTimeColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, ...options });
}

/** Our ids: UUID strings. */
export function IdColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 36, ...options });
}
