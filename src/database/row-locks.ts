import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { Transactions } from './transactions.js';

/** One worker's claim on due deliveries. */
export interface DeliveryClaimRequest {
  /** Rows due at or before this instant are taken. */
  dueBy: Date;
  /** A lease that ended before this instant no longer holds. */
  now: Date;
  limit: number;
  /** Unique per claim, so the worker can later write only to rows it still holds. */
  owner: string;
  leaseUntil: Date;
}

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

  /**
   * Leases up to `limit` due, unleased deliveries to `owner` and answers their ids; any number of
   * workers may call this at once and never get the same row. MySQL: FOR UPDATE SKIP LOCKED, so
   * claimers pass each other instead of queueing. SQLite: one UPDATE, under its single writer lock.
   * Call inside Transactions.run.
   */
  async claimDueDeliveries(em: EntityManager, claim: DeliveryClaimRequest): Promise<string[]> {
    const due = "status = 'scheduled' AND dueAt <= :dueBy AND (leaseUntil IS NULL OR leaseUntil < :now)";
    const lease = 'UPDATE deliveries SET leaseOwner = :owner, leaseUntil = :leaseUntil WHERE id IN';
    const params = { ...claim };
    if (this.transactions.kind === 'sqlite') {
      const rows = await this.query(
        em,
        `${lease} (SELECT id FROM deliveries WHERE ${due} ORDER BY dueAt LIMIT :limit) RETURNING id`,
        params,
      );
      return rows.map((row) => row.id);
    }
    const rows = await this.query(
      em,
      `SELECT id FROM deliveries WHERE ${due} ORDER BY dueAt LIMIT :limit FOR UPDATE SKIP LOCKED`,
      params,
    );
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) await this.query(em, `${lease} (:...ids)`, { ...params, ids });
    return ids;
  }

  /** Named parameters, converted the way each driver stores them (dates included). */
  private query(em: EntityManager, sql: string, params: ObjectLiteral): Promise<Array<{ id: string }>> {
    const [query, parameters] = em.connection.driver.escapeQueryWithParameters(sql, params);
    return em.query(query, parameters);
  }
}
