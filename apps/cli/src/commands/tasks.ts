/**
 * `actsearch tasks`: the tasks of the repository's tasks/ folder and of --tasks / ACTSEARCH_TASKS_DIR,
 * with the files that could not be read and why.
 */
import { parseCommandArgs } from '../options.ts';
import { DEFAULT_TASK_ID, defaultCatalog, type CatalogTask } from '@actsearch/tasks';
import type { CliCommand, CliIo } from '../command.ts';
import { useTaskDirs } from '../task-dirs.ts';

const USAGE = `usage: actsearch tasks [--tasks DIR]... [--json]

Lists the tasks campaigns and 'actsearch eval' can train on: the repository's tasks/ folder, then
every --tasks folder (and ACTSEARCH_TASKS_DIR, separated like PATH). A file that cannot be used is
listed with the reason and skipped. Task files: docs/tasks.md; command tasks: docs/trials.md.

options:
  --tasks <dir>   another folder of task files (repeatable)
  --json          print the tasks and problems as JSON
`;

/** What the listing says about a task's rejection tests and how it trains. */
export function taskSummary(task: CatalogTask): { kind: string; trains: string; rejection: string } {
  if (task.kind === 'command') {
    return {
      kind: 'command',
      trains: `${task.command.argv.join(' ')} (export ${task.command.export})`,
      rejection: `pre-screen, divergence${task.quality === null ? '' : `, quality ≥ ${task.quality.floor} at step ${task.quality.step}`}; no stability test (TF.js only)`,
    };
  }
  return { kind: 'builtin', trains: 'TF.js proxy trainer', rejection: 'pre-screen, stability, quality, divergence' };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    'tasks',
    args,
    { tasks: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
    false,
  );
  useTaskDirs(parsed.values.tasks, io);
  const catalog = defaultCatalog();
  if (parsed.values.json) {
    const tasks = catalog.list().map((t) => ({
      id: t.id,
      version: t.version,
      title: t.title,
      metric: t.metric,
      hash: t.hash,
      file: t.file,
      default: t.id === DEFAULT_TASK_ID,
      ...taskSummary(t),
    }));
    io.out(`${JSON.stringify({ tasks, problems: catalog.problems }, null, 2)}\n`);
    return 0;
  }
  const rows = catalog.list().map((t) => {
    const s = taskSummary(t);
    return `  ${t.id.padEnd(20)} v${String(t.version).padEnd(3)} ${s.kind.padEnd(8)} ${t.title}\n  ${' '.repeat(20)}      rejection: ${s.rejection}`;
  });
  io.out(['tasks:', ...rows, ''].join('\n'));
  if (catalog.problems.length > 0) io.out(['skipped task files:', ...catalog.problems.map((p) => `  ${p.message}`), ''].join('\n'));
  return 0;
}

export const tasksCommand: CliCommand = {
  name: 'tasks',
  summary: 'list the tasks (built-in and task files) and broken task files',
  usage: USAGE,
  run,
};
