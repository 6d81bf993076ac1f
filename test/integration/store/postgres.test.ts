import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, pgSession, type Store } from '@actsearch/store';
import type { FreshSession } from './helpers.ts';
import { describeStore, MIGRATIONS } from './store-suite.ts';
import { DATABASE_URL, dropSchemas, schemaUrl } from '../../fixtures/test-resources.ts';

// Fails loudly when PostgreSQL is down: `bash scripts/ensure-services.sh` starts the local one.
const schemas: string[] = [];

function freshSchema(): string {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  schemas.push(schema);
  return schema;
}

const withSchema = schemaUrl;

afterAll(() => dropSchemas(schemas));

describeStore({
  kind: 'postgres',
  open: (now) => openStore({ kind: 'postgres', url: withSchema(freshSchema()), now }),
  async freshSession(): Promise<FreshSession> {
    const schema = freshSchema();
    const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path="${schema}"` });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    return { session: pgSession(client as unknown as pg.PoolClient), lockName: schema, close: () => client.end() };
  },
});

describe('store on postgres: processes sharing one database', () => {
  it('applies the migrations once when two processes start at the same time', async () => {
    const url = withSchema(freshSchema());
    const stores: Store[] = await Promise.all([openStore({ kind: 'postgres', url }), openStore({ kind: 'postgres', url })]);
    try {
      const applied = stores.map((s) => s.migrations.applied);
      expect(applied.flat()).toEqual(MIGRATIONS);
      expect(stores.map((s) => s.migrations.alreadyApplied).flat()).toEqual(MIGRATIONS);
      // Both see the same tables: one's write is the other's read.
      await stores[0]?.activations.upsert({ fingerprint: 'f', canonical: 'x' });
      expect((await stores[1]?.activations.get('f'))?.canonical).toBe('x');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('keeps schemas apart and refuses an unsafe schema name', async () => {
    const schema = freshSchema();
    const store = await openStore({ kind: 'postgres', url: DATABASE_URL, schema });
    try {
      const [row] = await store.prisma.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS "schema"`;
      expect(row?.schema).toBe(schema);
    } finally {
      await store.close();
    }
    await expect(openStore({ kind: 'postgres', url: DATABASE_URL, schema: 'x"; DROP TABLE y; --' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
