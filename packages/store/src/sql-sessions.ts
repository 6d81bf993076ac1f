import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { SqlSession } from './sql-migrator.ts';

/** A migrator session on one pooled PostgreSQL connection (advisory locks are per connection). */
export function pgSession(client: pg.PoolClient): SqlSession {
  const session: SqlSession = {
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return result.rows as Row[];
    },
    async transaction(body) {
      await client.query('BEGIN');
      try {
        const result = await body(session);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
  };
  return session;
}

/** A migrator session on PGlite, whose own `transaction` keeps other callers out meanwhile. */
export function pgliteSession(db: PGlite | Transaction): SqlSession {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, [...params]);
      return result.rows;
    },
    async transaction(body) {
      if (!('transaction' in db)) throw new Error('PGlite transactions do not nest');
      return db.transaction((tx) => body(pgliteSession(tx)));
    },
  };
}
