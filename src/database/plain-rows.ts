import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Turns a raw row of the query's main alias (`alias_column` keys, as getRawMany and
 * getQueryAndParameters name them) into a plain object with the entity's properties, each value
 * converted by the driver exactly as getMany() converts it (dates, booleans, transformers), without
 * TypeORM's entity transformer, which costs more than the query itself on a page of a few hundred rows.
 */
export function plainRowReader<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
): (raw: Record<string, unknown>) => T {
  const metadata = qb.expressionMap.mainAlias?.metadata;
  if (!metadata) throw new Error('plainRowReader needs a query on an entity');
  const driver = qb.connection.driver;
  const columns = metadata.columns.map((column) => ({ column, key: `${qb.alias}_${column.databaseName}` }));
  return (raw) => {
    const plain: Record<string, unknown> = {};
    for (const { column, key } of columns) plain[column.propertyName] = driver.prepareHydratedValue(raw[key], column);
    return plain as T;
  };
}
