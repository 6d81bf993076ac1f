/**
 * @actsearch/tasks — task files: the YAML files that declare what an evaluation trains (a built-in
 * TF.js proxy task, or a user's command), read, validated and versioned. An adapter: it reads files;
 * it trains nothing (the proxy does, or @actsearch/trials runs the command).
 *
 *   const task = getBuiltinTask('mnist-mlp');            // repository tasks/ + ACTSEARCH_TASKS_DIR
 *   const catalog = TaskCatalog.fromDirs(['tasks', 'examples/pytorch-mnist']);
 */
export { TaskCatalog } from './catalog.ts';
export {
  DEFAULT_TASK_ID,
  REPOSITORY_TASKS_DIR,
  addTaskDirs,
  defaultCatalog,
  getBuiltinTask,
  getTask,
  listTasks,
  taskDirs,
} from './default-catalog.ts';
export { pinTaskVersions, type TaskVersionLedger } from './pin-versions.ts';
export { readTaskFile, type ReadResult } from './read-task-file.ts';
export { taskContentHash } from './content-hash.ts';
export { taskFileSchema, type TaskFile } from './task-file-schema.ts';
export {
  COMMAND_EXPORT_LANGS,
  type BuiltinTask,
  type CatalogTask,
  type CommandExportLang,
  type CommandFidelity,
  type CommandSpec,
  type CommandTask,
  type TaskFileProblem,
} from './task.ts';
