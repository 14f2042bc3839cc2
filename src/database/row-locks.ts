import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { Transactions } from './transactions.js';

/**
 * Row locks that mean the same on both databases. MySQL: SELECT … FOR UPDATE. SQLite has no row
 * locks (TypeORM refuses them), but one writer: a no-op UPDATE first takes the database's write
 * lock, so a second process waits on its busy timeout until this transaction ends.
 */
@Injectable()
export class RowLocks {
  constructor(private readonly transactions: Transactions) {}

  /** The matching row, locked until the surrounding transaction ends. Call inside Transactions.run. */
  async forUpdate<T extends ObjectLiteral>(
    em: EntityManager,
    entity: EntityTarget<T>,
    where: FindOptionsWhere<T>,
  ): Promise<T | null> {
    if (this.transactions.kind === 'sqlite') {
      await em
        .createQueryBuilder()
        .update(entity)
        .set({ id: () => 'id' } as never)
        .where(where)
        .execute();
      return em.findOneBy(entity, where);
    }
    return em.createQueryBuilder(entity, 'row').setLock('pessimistic_write').where(where).getOne();
  }
}
