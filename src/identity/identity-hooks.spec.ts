import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions.js';
import { IdentityHooks, type IdentityChange } from './identity-hooks.js';

/** The hook contract every registry keeps: data in the payload, and the emitter's transaction ambient. */
describe('IdentityHooks', () => {
  let dataSource: DataSource;
  let transactions: Transactions;
  let hooks: IdentityHooks;
  const change: IdentityChange = { kind: 'staff_removed', firmId: 'firm', userId: 'user' };

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE listener_rows (name TEXT NOT NULL)');
    transactions = new Transactions(dataSource);
    hooks = new IdentityHooks(transactions);
  });
  afterAll(() => dataSource.destroy());

  it("runs listeners in the emitter's transaction: their writes join it and go when it rolls back", async () => {
    const seen: Array<{ change: IdentityChange; em: EntityManager }> = [];
    const unregister = hooks.register(async (heard) => {
      // A listener writes its own table through Transactions.run, which joins the emitter's transaction.
      await transactions.run(async (em) => {
        seen.push({ change: heard, em });
        await em.query('INSERT INTO listener_rows (name) VALUES (?)', [heard.kind]);
      });
    });
    try {
      const failed = transactions.run(async (em) => {
        await hooks.emit(change);
        expect(seen.map((s) => s.em)).toEqual([em]);
        throw new Error('the change is refused after its listeners ran');
      });
      await expect(failed).rejects.toThrow('refused');
      expect(await dataSource.query('SELECT name FROM listener_rows')).toEqual([]);

      await transactions.run(() => hooks.emit(change));
      expect(seen.map((s) => s.change)).toEqual([change, change]);
      expect(await dataSource.query('SELECT name FROM listener_rows')).toEqual([{ name: 'staff_removed' }]);
    } finally {
      unregister();
    }
  });

  it('refuses to emit outside a transaction, where listeners would write on their own', async () => {
    let heard = 0;
    const unregister = hooks.register(async () => {
      heard++;
    });
    try {
      await expect(hooks.emit(change)).rejects.toThrow('must run inside the transaction');
      expect(heard).toBe(0);
    } finally {
      unregister();
    }
  });
});
