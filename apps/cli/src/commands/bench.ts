/**
 * `actsearch bench build`: the tabular benchmark of a space — every distinct function trained once on
 * a proxy task — built in parallel child processes, resumable, written as bench/search-table.md says.
 */
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { FIDELITIES, type Fidelity } from '@actsearch/proxy';
import { DEFAULT_TASK_ID, getBuiltinTask as getTask } from '@actsearch/tasks';
import { buildBenchmark, type BuildReport } from '../bench-build/build.ts';
import { findShape, intOptionOr, parseCommandArgs } from '../options.ts';
import { journalPath } from '../bench-build/journal.ts';
import { formatDuration, progressReporter } from '../bench-build/progress.ts';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { loadSpaceCatalog } from '../load-spaces.ts';

const USAGE = `usage: actsearch bench build --space <id> [options]

Trains every distinct function (fingerprint class) of a space, or of one of its shapes, once on a
proxy task — rejections included — and writes a tabular benchmark (gzip JSON Lines, see
bench/search-table.md) for replaying search strategies by lookup. Finished rows go to a journal
beside the output as they end: run the same command again to resume after an interruption.

options:
  --space <id>            space id from search-spaces/ (e.g. pangaea)
  --shape <label|index>   only this shape, e.g. 'binary(unary(x),unary(x))' (default: every shape)
  --task <id>             proxy task (default ${DEFAULT_TASK_ID})
  --fidelity <f>          screen | standard | full (default screen)
  --seed <n>              training seed (default 0)
  --workers <n>           child processes (default: one per core, ${availableParallelism()} here)
  --out <file>            table file (default bench/data/<space>[-shape<i>]-<task>-<fidelity>[-seed<n>].jsonl.gz)
  --backend <b>           auto | tensorflow-gpu | tensorflow | wasm | cpu (default: $ACTSEARCH_BACKEND or auto)
  --progress-every <s>    seconds between progress lines when not on a terminal (default 30)
  --timeout <s>           per-evaluation limit in seconds (default 600)
  --spaces-dir <dir>      where the space files are (default: the repository's search-spaces/)
`;

const OPTIONS = {
  space: { type: 'string' },
  shape: { type: 'string' },
  task: { type: 'string' },
  fidelity: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string' },
  'progress-every': { type: 'string' },
  timeout: { type: 'string' },
  'spaces-dir': { type: 'string' },
} as const;

function shellQuote(arg: string): string {
  return /^[\w./:=@,+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function summary(report: BuildReport, io: CliIo): string {
  const lines: string[] = [];
  if (report.alreadyComplete) {
    lines.push(`${report.out} is already complete (${report.total} rows); nothing to do`);
  } else if (report.complete) {
    const kb = (statSync(report.out).size / 1024).toFixed(0);
    lines.push(
      `wrote ${path.relative(io.cwd, report.out) || report.out}: ${report.total} rows, ${kb} KiB (evaluated ${report.evaluated} now, ${report.resumed} resumed) in ${formatDuration(report.elapsedMs)}`,
    );
  } else {
    const done = report.resumed + report.evaluated;
    lines.push(
      `stopped at ${done}/${report.total} rows after ${formatDuration(report.elapsedMs)}; finished rows are in ${journalPath(report.out)}`,
    );
    for (const f of report.failures.slice(0, 10)) lines.push(`  failed: ${f.text} (${f.fingerprint}): ${f.error}`);
    if (report.failures.length > 10) lines.push(`  … ${report.failures.length - 10} more failures`);
    lines.push('run the same command again to resume');
  }
  return `${lines.join('\n')}\n`;
}

async function build(args: readonly string[], io: CliIo): Promise<number> {
  const v = parseCommandArgs('bench build', args, OPTIONS, false).values;
  if (v.space === undefined) throw new UsageError('bench build needs --space <id> (e.g. --space pangaea)');
  const fidelity = v.fidelity ?? 'screen';
  if (!(FIDELITIES as readonly string[]).includes(fidelity))
    throw new UsageError(`--fidelity must be one of ${FIDELITIES.join(', ')}, got '${fidelity}'`);
  const task = getTask(v.task ?? DEFAULT_TASK_ID);
  const seed = intOptionOr(v.seed, 'seed', 0, 0, 2 ** 31 - 1);
  const workers = intOptionOr(v.workers, 'workers', availableParallelism(), 1, 256);
  const everyMs = 1000 * intOptionOr(v['progress-every'], 'progress-every', 30, 1, 86_400);
  const timeoutMs = 1000 * intOptionOr(v.timeout, 'timeout', 600, 1, 86_400);
  const catalog = await loadSpaceCatalog(v['spaces-dir'] === undefined ? undefined : path.resolve(io.cwd, v['spaces-dir']));
  const space = catalog.get(v.space);
  const shape = v.shape === undefined ? undefined : findShape(space, v.shape);
  const defaultName = `${space.id}${shape === undefined ? '' : `-shape${shape.index}`}-${task.id}-${fidelity}${seed === 0 ? '' : `-seed${seed}`}.jsonl.gz`;
  const out = path.resolve(io.cwd, v.out ?? path.join('bench', 'data', defaultName));
  if (!/\.jsonl(\.gz)?$/.test(out)) throw new UsageError(`--out must end in .jsonl.gz (or .jsonl), got '${v.out}'`);
  mkdirSync(path.dirname(out), { recursive: true });

  const backend = v.backend ?? io.env.ACTSEARCH_BACKEND;
  const reporter = progressReporter({ isTty: io.isTty, write: (t) => io.err(t) }, everyMs);
  const stop = new AbortController();
  const onSigint = () => {
    io.err('\nstopping: letting running evaluations finish (interrupt again to quit at once)\n');
    stop.abort();
    process.off('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  let report: BuildReport;
  try {
    report = await buildBenchmark({
      space,
      ...(shape === undefined ? {} : { shape }),
      taskId: task.id,
      fidelity: fidelity as Fidelity,
      seed,
      workers,
      out,
      command: `actsearch bench build ${args.map(shellQuote).join(' ')}`,
      ...(backend === undefined ? {} : { backend }),
      signal: stop.signal,
      onProgress: reporter.onProgress,
      timeoutMs,
    });
  } finally {
    process.off('SIGINT', onSigint);
    reporter.finish();
  }
  io.out(summary(report, io));
  if (report.complete) return 0;
  return stop.signal.aborted ? 130 : 1;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'build') {
    throw new UsageError(sub === undefined ? 'bench needs a subcommand: build' : `unknown subcommand 'bench ${sub}' (expected build)`);
  }
  return build(rest, io);
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'build a tabular benchmark: train every distinct function of a space on a proxy task',
  usage: USAGE,
  run,
};
