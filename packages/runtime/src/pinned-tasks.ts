/**
 * The task catalog a server or worker offers: the task files of its folders, minus the ones the
 * store's version records refuse (content changed under a recorded version). Every problem is logged
 * as a warning and the rest carries on: a broken task file never stops the process.
 */
import type { Logger } from 'pino';
import type { KnownTask } from '@actsearch/engine';
import type { Store } from '@actsearch/store';
import { defaultCatalog, pinTaskVersions, type TaskCatalog } from '@actsearch/tasks';

/** `{ "<task id>": "<content hash>" }` of the tasks this process pinned. */
export const PINNED_TASKS_ENV = 'ACTSEARCH_PINNED_TASKS';

export class PinnedTasks {
  private current: TaskCatalog;

  constructor(
    private readonly log: Logger,
    catalog: TaskCatalog = defaultCatalog(),
  ) {
    this.current = catalog;
  }

  /** Unpinned until `resolve` ran. */
  get catalog(): TaskCatalog {
    return this.current;
  }

  /** For RuntimeOptions.tasks: pins the versions in the store, logs what is refused or broken. */
  readonly resolve = async (store: Store): Promise<readonly KnownTask[]> => {
    this.current = await pinTaskVersions(store.taskVersions, this.current);
    // The evaluator processes (forked later, with this environment) read the task files again; they
    // refuse a task whose file changed since this check instead of training it under a pinned version.
    process.env[PINNED_TASKS_ENV] = JSON.stringify(Object.fromEntries(this.current.list().map((t) => [t.id, t.hash])));
    for (const problem of this.current.problems) this.log.warn({ file: problem.file }, `task file skipped: ${problem.message}`);
    this.log.info({ tasks: this.current.list().map((t) => `${t.id}@v${t.version}`) }, `${this.current.list().length} tasks`);
    return this.current.list();
  };
}
