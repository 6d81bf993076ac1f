/**
 * `--tasks <dir>` (repeatable, or one ACTSEARCH_TASKS_DIR list): adds task-file folders to this
 * process and to the evaluator processes it starts, which inherit the variable.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { addTaskDirs } from '@actsearch/tasks';
import { UsageError } from './cli-error.ts';
import type { CliIo } from './command.ts';

export function useTaskDirs(option: readonly string[] | undefined, io: CliIo): void {
  const fromEnv = io.env === process.env ? [] : (io.env.ACTSEARCH_TASKS_DIR ?? '').split(path.delimiter).filter((d) => d.trim() !== '');
  const dirs = [...fromEnv, ...(option ?? [])].map((dir) => path.resolve(io.cwd, dir));
  for (const dir of dirs) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new UsageError(`--tasks: ${dir} is not a folder of task files`);
  }
  if (dirs.length > 0) addTaskDirs(dirs);
}
