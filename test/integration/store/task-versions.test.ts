import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@actsearch/store';
import { REPOSITORY_TASKS_DIR, TaskCatalog, pinTaskVersions } from '@actsearch/tasks';

const dir = mkdtempSync(path.join(tmpdir(), 'task-versions-'));
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'pglite', dataDir: 'memory' });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const original = readFileSync(path.join(REPOSITORY_TASKS_DIR, 'spirals-mlp.yaml'), 'utf8');

function folderWith(text: string): string {
  const folder = mkdtempSync(path.join(dir, 'tasks-'));
  writeFileSync(path.join(folder, 'spirals-mlp.yaml'), text);
  return folder;
}

describe('task versions pinned in the store', () => {
  it('records each version on first use and accepts the same content again, reworded or not', async () => {
    const first = await pinTaskVersions(store.taskVersions, TaskCatalog.fromDirs([REPOSITORY_TASKS_DIR]));
    expect(first.problems).toEqual([]);
    expect((await store.taskVersions.list()).map((r) => `${r.task}@${r.version}`)).toContain('spirals-mlp@2');
    const reworded = folderWith(`# edited comment\n${original.replace(/^title: .*$/m, 'title: "Two spirals (renamed)"')}`);
    const again = await pinTaskVersions(store.taskVersions, TaskCatalog.fromDirs([reworded]));
    expect(again.problems).toEqual([]);
    expect(again.get('spirals-mlp').title).toBe('Two spirals (renamed)');
  });

  it('refuses a file whose content changed under a recorded version, saying to bump it, and keeps the other tasks', async () => {
    const changed = folderWith(original.replace('learningRate: 1e-2', 'learningRate: 2e-2'));
    const catalog = await pinTaskVersions(store.taskVersions, TaskCatalog.fromDirs([changed, REPOSITORY_TASKS_DIR]));
    expect(catalog.has('spirals-mlp')).toBe(false);
    expect(catalog.has('mnist-mlp')).toBe(true);
    // The repository's own spirals-mlp.yaml came second: a duplicate id, skipped as such.
    const refusal = catalog.problems.find((p) => p.message.includes("field 'version'"));
    expect(refusal?.message).toMatch(
      /spirals-mlp\.yaml: field 'version': task 'spirals-mlp' version 2 was first used on .* with other content \(hash [0-9a-f]{16}, now [0-9a-f]{16}\); results must not mix, so this file is refused: bump 'version' to 3/,
    );
  });

  it('accepts the changed content once its version is bumped, and the old version keeps its record', async () => {
    const bumped = folderWith(original.replace('learningRate: 1e-2', 'learningRate: 2e-2').replace('version: 2', 'version: 3'));
    const catalog = await pinTaskVersions(store.taskVersions, TaskCatalog.fromDirs([bumped]));
    expect(catalog.problems).toEqual([]);
    expect(catalog.get('spirals-mlp').version).toBe(3);
    const records = (await store.taskVersions.list()).filter((r) => r.task === 'spirals-mlp');
    expect(records.map((r) => r.version)).toEqual([2, 3]);
    expect(records[0]?.hash).toBe(TaskCatalog.fromDirs([REPOSITORY_TASKS_DIR]).get('spirals-mlp').hash);
  });
});
