/**
 * Where tasks come from: the repository's `tasks/` folder, then the folders of `ACTSEARCH_TASKS_DIR`
 * (separated like PATH). Apps set that variable from `--tasks`, so evaluator processes they start
 * read the same folders.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TaskCatalog } from './catalog.ts';
import type { BuiltinTask, CatalogTask } from './task.ts';

export const REPOSITORY_TASKS_DIR = fileURLToPath(new URL('../../../tasks', import.meta.url));
export const DEFAULT_TASK_ID = 'mnist-mlp';

export function taskDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.ACTSEARCH_TASKS_DIR ?? '')
    .split(path.delimiter)
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '')
    .map((dir) => path.resolve(dir));
  return [REPOSITORY_TASKS_DIR, ...extra.filter((dir) => dir !== REPOSITORY_TASKS_DIR)];
}

/** Adds folders (e.g. from `--tasks`) to this process's and its children's task folders. */
export function addTaskDirs(dirs: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const current = (env.ACTSEARCH_TASKS_DIR ?? '').split(path.delimiter).filter((dir) => dir.trim() !== '');
  env.ACTSEARCH_TASKS_DIR = [...current, ...dirs.map((dir) => path.resolve(dir))].join(path.delimiter);
  cached = undefined;
}

let cached: { key: string; catalog: TaskCatalog } | undefined;

/** The catalog of this process's task folders, read once per folder list. */
export function defaultCatalog(): TaskCatalog {
  const dirs = taskDirs();
  const key = dirs.join('\n');
  if (cached?.key !== key) cached = { key, catalog: TaskCatalog.fromDirs(dirs) };
  return cached.catalog;
}

export function getTask(id: string): CatalogTask {
  return defaultCatalog().get(id);
}

/** A task for the TF.js trainer (what `evaluateCandidate` takes). */
export function getBuiltinTask(id: string): BuiltinTask {
  return defaultCatalog().builtin(id);
}

export function listTasks(): readonly CatalogTask[] {
  return defaultCatalog().list();
}
