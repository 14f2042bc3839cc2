import { Injectable } from '@nestjs/common';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { Transactions } from '../database/transactions.js';

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

/** The outbox's claim: which due deliveries a worker takes, under each database's row locking. */
@Injectable()
export class DueDeliveries {
  constructor(private readonly transactions: Transactions) {}

  /**
   * Leases up to `limit` due, unleased deliveries to `owner` and answers their ids; any number of
   * workers may call this at once and never get the same row. MySQL: FOR UPDATE SKIP LOCKED, so
   * claimers pass each other instead of queueing. SQLite: one UPDATE, under its single writer lock.
   */
  claim(request: DeliveryClaimRequest): Promise<string[]> {
    return this.transactions.run(async (em) => {
      const due = "status = 'scheduled' AND dueAt <= :dueBy AND (leaseUntil IS NULL OR leaseUntil < :now)";
      const lease = 'UPDATE deliveries SET leaseOwner = :owner, leaseUntil = :leaseUntil WHERE id IN';
      const params = { ...request };
      if (this.transactions.kind === 'sqlite') {
        const rows = await query(
          em,
          `${lease} (SELECT id FROM deliveries WHERE ${due} ORDER BY dueAt LIMIT :limit) RETURNING id`,
          params,
        );
        return rows.map((row) => row.id);
      }
      const rows = await query(
        em,
        `SELECT id FROM deliveries WHERE ${due} ORDER BY dueAt LIMIT :limit FOR UPDATE SKIP LOCKED`,
        params,
      );
      const ids = rows.map((row) => row.id);
      if (ids.length > 0) await query(em, `${lease} (:...ids)`, { ...params, ids });
      return ids;
    });
  }
}

/** Named parameters, converted the way each driver stores them (dates included). */
function query(em: EntityManager, sql: string, params: ObjectLiteral): Promise<Array<{ id: string }>> {
  const [text, parameters] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(text, parameters);
}
