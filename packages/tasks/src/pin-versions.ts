/**
 * The version rule (docs/tasks.md): a task file declares an integer `version`; the first time a
 * version is used its content hash is recorded, and a file whose content no longer matches the hash
 * recorded for its version is refused, with a sentence saying to bump the version. Evaluation keys
 * carry the version, so results of different content never share a key or a leaderboard row.
 */
import type { TaskCatalog } from './catalog.ts';
import type { TaskFileProblem } from './task.ts';

/** Where versions are recorded (the store's `taskVersions` fits). */
export interface TaskVersionLedger {
  pin(entry: { task: string; version: number; hash: string; file: string }): Promise<{ hash: string; file: string; recordedAt: Date }>;
}

/** The catalog without the tasks the ledger refuses; their reasons join the catalog's problems. */
export async function pinTaskVersions(ledger: TaskVersionLedger, catalog: TaskCatalog): Promise<TaskCatalog> {
  const refused: TaskFileProblem[] = [];
  const ids: string[] = [];
  for (const task of catalog.list()) {
    const recorded = await ledger.pin({ task: task.id, version: task.version, hash: task.hash, file: task.file });
    if (recorded.hash === task.hash) continue;
    ids.push(task.id);
    refused.push({
      file: task.file,
      message:
        `${task.file}: field 'version': task '${task.id}' version ${task.version} was first used on ${recorded.recordedAt.toISOString()} with other content ` +
        `(hash ${recorded.hash}, now ${task.hash}); results must not mix, so this file is refused: bump 'version' to ${task.version + 1} (or restore the file)`,
    });
  }
  return ids.length === 0 ? catalog : catalog.without(refused, ids);
}
