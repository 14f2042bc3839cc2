import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../common/http/page-cursor.js';

type PageQuery = { cursor?: string; limit?: number };

/**
 * One page of rows in (orderColumn, id) order, resuming after the cursor; one row more than asked
 * tells whether another page follows.
 */
export function keysetPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  orderColumn: keyof T & string,
  query: PageQuery,
): Promise<Page<T>> {
  return keysetPageWith(qb, orderColumn, query, (finished) => finished.getMany());
}

/** keysetPage whose rows `load` reads from the finished query: more cheaply than getMany, or with more than the entity. */
export async function keysetPageWith<
  T extends ObjectLiteral,
  R extends { id: string } & Pick<T, K>,
  K extends keyof T & string,
>(
  qb: SelectQueryBuilder<T>,
  orderColumn: K,
  query: PageQuery,
  load: (finished: SelectQueryBuilder<T>) => Promise<R[]>,
): Promise<Page<R>> {
  const alias = qb.alias;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    qb.andWhere(
      `(${alias}.${orderColumn} > :keysetAt OR (${alias}.${orderColumn} = :keysetAt AND ${alias}.id > :keysetId))`,
      { keysetAt: after.at, keysetId: after.id },
    );
  }
  const rows = await load(
    qb
      .orderBy(`${alias}.${orderColumn}`, 'ASC')
      .addOrderBy(`${alias}.id`, 'ASC')
      .limit(limit + 1),
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last[orderColumn] as Date, id: last.id }) : null,
  };
}
