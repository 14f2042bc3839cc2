import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import { Transactions } from './transactions.js';

/** The ambient transaction on a real (in-memory) SQLite connection, shared by all callers as in the app. */
describe('Transactions on SQLite', () => {
  let dataSource: DataSource;
  let transactions: Transactions;
  const names = async (): Promise<string[]> =>
    ((await dataSource.query('SELECT name FROM t ORDER BY rowid')) as Array<{ name: string }>).map((r) => r.name);
  const insert = (em: EntityManager, name: string) => em.query('INSERT INTO t (name) VALUES (?)', [name]);

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE t (name TEXT NOT NULL)');
    transactions = new Transactions(dataSource);
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => dataSource.query('DELETE FROM t'));

  it('joins the transaction a nested run, statement or runOutlastingOutage is called in, instead of queueing behind it', async () => {
    await transactions.run(async (outer) => {
      await insert(outer, 'outer');
      await transactions.run(async (em) => {
        expect(em).toBe(outer);
        await insert(em, 'nested run');
      });
      await transactions.statement((em) => insert(em, 'nested statement'));
      await transactions.runOutlastingOutage((em) => insert(em, 'nested record'));
    });
    expect(await names()).toEqual(['outer', 'nested run', 'nested statement', 'nested record']);
  });

  it('rolls the joined work back with the transaction it joined', async () => {
    const failed = transactions.run(async (em) => {
      await insert(em, 'outer');
      await transactions.run((inner) => insert(inner, 'joined'));
      throw new Error('a listener said no');
    });
    await expect(failed).rejects.toThrow('a listener said no');
    expect(await names()).toEqual([]);
  });

  it("answers the transaction's manager down the call chain, and the plain one outside or after it", async () => {
    expect(transactions.inTransaction).toBe(false);
    expect(transactions.manager).toBe(dataSource.manager);
    let leftRunning: Promise<{ inTransaction: boolean; manager: EntityManager }> | undefined;
    await transactions.run(async (em) => {
      // Two services deep, through timers and awaits: still this transaction.
      const seen = await new Promise<EntityManager>((resolve) => setTimeout(() => resolve(transactions.manager), 5));
      expect(seen).toBe(em);
      expect(transactions.inTransaction).toBe(true);
      // Work the transaction did not wait for must not use it once it has ended.
      leftRunning = new Promise((resolve) =>
        setTimeout(() => resolve({ inTransaction: transactions.inTransaction, manager: transactions.manager }), 30),
      );
    });
    await expect(leftRunning).resolves.toEqual({ inTransaction: false, manager: dataSource.manager });
  });

  it('still gives separate call chains one transaction at a time, in the order they asked', async () => {
    const order: string[] = [];
    const slow = transactions.run(async (em) => {
      order.push('slow begins');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await insert(em, 'slow');
      order.push('slow ends');
    });
    const quick = transactions.run(async (em) => {
      order.push('quick begins');
      await insert(em, 'quick');
    });
    await Promise.all([slow, quick]);
    expect(order).toEqual(['slow begins', 'slow ends', 'quick begins']);
    expect(await names()).toEqual(['slow', 'quick']);
  });
});

/** MySQL's retry, on a stand-in connection whose first transaction is a deadlock victim. */
describe('Transactions on MySQL', () => {
  function mysqlStandIn(failFirst: number) {
    let attempts = 0;
    const dataSource = {
      options: { type: 'mysql' },
      manager: { name: 'plain' },
      transaction: async (work: (em: EntityManager) => Promise<unknown>) => {
        const em = { name: `tx${++attempts}` } as unknown as EntityManager;
        const result = await work(em);
        if (attempts <= failFirst) throw Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' });
        return result;
      },
    };
    return { transactions: new Transactions(dataSource as unknown as DataSource), attempts: () => attempts };
  }

  it('retries the outermost transaction, joined work included, and never retries a joined call on its own', async () => {
    const { transactions, attempts } = mysqlStandIn(1);
    const ran: string[] = [];
    await transactions.run(async (em) => {
      ran.push(`outer in ${(em as unknown as { name: string }).name}`);
      await transactions.run(async (inner) => {
        ran.push(`joined in ${(inner as unknown as { name: string }).name}`);
      });
    });
    expect(attempts()).toBe(2);
    expect(ran).toEqual(['outer in tx1', 'joined in tx1', 'outer in tx2', 'joined in tx2']);
  });

  it('runs a statement outside a transaction on the plain manager, and inside one in it', async () => {
    const { transactions } = mysqlStandIn(0);
    const name = (em: EntityManager) => Promise.resolve((em as unknown as { name: string }).name);
    await expect(transactions.statement(name)).resolves.toBe('plain');
    await expect(transactions.run(() => transactions.statement(name))).resolves.toBe('tx1');
  });
});
