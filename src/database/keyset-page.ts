import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../common/http/pagination.js';

/**
 * One page of rows in (orderColumn, id) order, resuming after the cursor; one row more than asked
 * tells whether another page follows.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  orderColumn: keyof T & string,
  query: { cursor?: string; limit?: number },
): Promise<Page<T>> {
  const alias = qb.alias;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    qb.andWhere(`(${alias}.${orderColumn} > :keysetAt OR (${alias}.${orderColumn} = :keysetAt AND ${alias}.id > :keysetId))`, { keysetAt: after.at, keysetId: after.id });
  }
  const rows = await qb.orderBy(`${alias}.${orderColumn}`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').limit(limit + 1).getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last[orderColumn] as Date, id: last.id }) : null };
}
