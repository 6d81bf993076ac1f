import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { openStore, pgliteSession } from '@actsearch/store';
import type { FreshSession } from './helpers.ts';
import { describeStore, MIGRATIONS } from './store-suite.ts';

describeStore({
  kind: 'pglite',
  open: (now) => openStore({ kind: 'pglite', dataDir: 'memory', now }),
  async freshSession(): Promise<FreshSession> {
    const db = await PGlite.create();
    return { session: pgliteSession(db), lockName: 'public', close: () => db.close() };
  },
});

describe('store on pglite: a data folder', () => {
  it('keeps its data across restarts and does not migrate twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'actsearch-pglite-'));
    try {
      const first = await openStore({ kind: 'pglite', dataDir: join(dir, 'data') });
      expect(first.migrations.applied).toEqual(MIGRATIONS);
      await first.activations.upsert({ fingerprint: 'f', canonical: 'relu(x)' });
      await first.close();

      const second = await openStore({ kind: 'pglite', dataDir: join(dir, 'data') });
      try {
        expect(second.migrations).toEqual({ applied: [], alreadyApplied: MIGRATIONS, unknown: [] });
        expect((await second.activations.get('f'))?.canonical).toBe('relu(x)');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
