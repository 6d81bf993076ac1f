/**
 * The tasks of one or more folders. Reading never fails as a whole: each broken file, and each id
 * defined twice, becomes a problem (file + reason) that callers report; the other tasks stay usable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NotFoundError, ValidationError } from '@actsearch/core';
import { readTaskFile } from './read-task-file.ts';
import type { BuiltinTask, CatalogTask, CommandTask, TaskFileProblem } from './task.ts';

export class TaskCatalog {
  private readonly byId: ReadonlyMap<string, CatalogTask>;

  constructor(
    tasks: readonly CatalogTask[],
    readonly problems: readonly TaskFileProblem[] = [],
  ) {
    this.byId = new Map(tasks.map((t) => [t.id, t]));
  }

  /** Every `*.yaml` / `*.yml` of the folders, in folder order then name order; the first definition of an id wins. */
  static fromDirs(dirs: readonly string[]): TaskCatalog {
    const tasks: CatalogTask[] = [];
    const problems: TaskFileProblem[] = [];
    for (const dir of dirs) {
      let names: string[];
      try {
        names = readdirSync(dir)
          .filter((name) => /\.ya?ml$/i.test(name))
          .sort();
      } catch (error) {
        problems.push({ file: dir, message: `${dir}: cannot read the task folder (${(error as Error).message})` });
        continue;
      }
      for (const name of names) {
        const file = path.join(dir, name);
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          problems.push({ file, message: `${file}: cannot read it (${(error as Error).message})` });
          continue;
        }
        const read = readTaskFile(text, file);
        if (!read.ok) {
          problems.push({ file, message: read.message });
          continue;
        }
        const first = tasks.find((t) => t.id === read.task.id);
        if (first !== undefined) {
          problems.push({
            file,
            message: `${file}: field 'id': task '${read.task.id}' is already defined by ${first.file}; this file is skipped`,
          });
          continue;
        }
        tasks.push(read.task);
      }
    }
    return new TaskCatalog(tasks, problems);
  }

  list(): readonly CatalogTask[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): CatalogTask {
    const task = this.byId.get(id);
    if (task === undefined) throw new NotFoundError(`unknown task '${id}' (known: ${[...this.byId.keys()].join(', ')})`);
    return task;
  }

  /** A task the TF.js trainer runs; a command task is a ValidationError here. */
  builtin(id: string): BuiltinTask {
    const task = this.get(id);
    if (task.kind !== 'builtin')
      throw new ValidationError(`task '${id}' runs a command, not the TF.js trainer`, [{ path: 'task', message: 'is a command task' }]);
    return task;
  }

  command(id: string): CommandTask {
    const task = this.get(id);
    if (task.kind !== 'command')
      throw new ValidationError(`task '${id}' is a built-in TF.js task, not a command`, [{ path: 'task', message: 'is a builtin task' }]);
    return task;
  }

  /** A catalog without the given tasks (refused by the version rule), their reasons added to the problems. */
  without(refused: readonly TaskFileProblem[], ids: readonly string[]): TaskCatalog {
    return new TaskCatalog(
      this.list().filter((t) => !ids.includes(t.id)),
      [...this.problems, ...refused],
    );
  }
}
