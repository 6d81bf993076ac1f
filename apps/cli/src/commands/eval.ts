/**
 * `actsearch eval "<expr>"`: trains one candidate on one task and prints the result — a progress bar
 * on a terminal, a readable summary, or the result as JSON with --json (the proxy's EvaluationResult
 * for a built-in task; the trial's outcome for a command task, see eval-command-task.ts).
 */
import {
  FIDELITIES,
  evaluateCandidate,
  type EvaluationResult,
  type Fidelity,
  type Progress,
  type RejectionOptions,
} from '@actsearch/proxy';
import { candidateKindOfText } from '@actsearch/expr';
import { DEFAULT_TASK_ID, getBuiltinTask, getTask, listTasks } from '@actsearch/tasks';
import { UsageError } from '../cli-error.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { intOptionOr, parseCommandArgs } from '../options.ts';
import { useTaskDirs } from '../task-dirs.ts';
import { evalCommandTask } from './eval-command-task.ts';

const USAGE = `usage: actsearch eval "<expr>" [options]

Trains small networks with the activation on a proxy task (TF.js) and prints the score.

options:
  --task <id>          task (default ${DEFAULT_TASK_ID}); --task list shows them all
  --tasks <dir>        another folder of task files (repeatable; docs/tasks.md)
  --fidelity <f>       screen | standard | full (default standard)
  --seed <n>           initialisation and batch-order seed (default 0)
  --backend <b>        auto | tensorflow-gpu | tensorflow | wasm | cpu (default: $ACTSEARCH_BACKEND or auto)
  --steps <n>          override the fidelity's number of training steps
  --no-prescreen       skip the pre-screen (non-finite, constant, linear, exploding, vanishing gradient)
  --no-quality         skip the quality floor after the first steps
  --no-stability       skip the worst-case gradient-norm test
  --no-divergence      keep training after a non-finite loss
  --json               print the EvaluationResult as JSON
`;

function fmt(v: number | null, digits = 4): string {
  return v === null ? '—' : v.toFixed(digits);
}

function progressBar(p: Progress): string {
  const width = 30;
  const done = p.steps > 0 ? Math.min(width, Math.round((p.step / p.steps) * width)) : 0;
  const label = p.phase === 'stability' ? 'stability test' : p.phase === 'score' ? 'scoring' : `loss ${fmt(p.loss)}`;
  return `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${String(p.step).padStart(String(p.steps).length)}/${p.steps} ${label}   `;
}

function summary(r: EvaluationResult): string {
  const task = getBuiltinTask(r.taskId);
  const lines: [string, string][] = [
    ['activation', r.activation],
    ['task', `${r.taskId} v${r.taskVersion} — ${task.title}`],
    ['fidelity', `${r.fidelity}, seed ${r.seed}, backend ${r.backend}`],
    [
      'status',
      r.rejection
        ? `rejected by ${r.rejection.test}${r.rejection.check !== r.rejection.test ? ` (${r.rejection.check})` : ''}${r.rejection.step !== null ? ` at step ${r.rejection.step}` : ''}: ${r.rejection.reason}`
        : 'ok',
    ],
    ['validation', `${r.metricName} ${fmt(r.validationMetric)}, loss ${fmt(r.validationLoss)}`],
  ];
  if (task.fidelities[r.fidelity].test) lines.push(['test', `${r.metricName} ${fmt(r.testMetric)}, loss ${fmt(r.testLoss)}`]);
  lines.push([
    'training',
    `${r.stepsDone}/${r.stepsPlanned} steps, ${fmt(r.stepsPerSecond, 1)} steps/s, wall ${(r.wallTimeMs / 1000).toFixed(2)} s`,
  ]);
  if (r.qualityMetric !== null)
    lines.push(['quality', `${r.metricName} ${fmt(r.qualityMetric)} at step ${task.quality.step} (floor ${task.quality.floor})`]);
  if (r.maxGradNorm !== null) lines.push(['stability', `worst-case gradient norm ${r.maxGradNorm.toExponential(2)}`]);
  for (const [name, values] of Object.entries(r.learnedParams)) lines.push([name, values.map((v) => v.toFixed(3)).join(', ')]);
  if (r.curve.length > 0) lines.push(['loss curve', r.curve.map((c) => `${c.step}:${fmt(c.loss, 3)}`).join(' ')]);
  if (r.network) lines.push(['network', `${r.network}, ${r.parameterCount.toLocaleString('en-US')} weights`]);
  const w = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

function taskList(): string {
  const rows = listTasks().map((t) => `  ${t.id.padEnd(18)} v${t.version}  ${t.title}`);
  return ['tasks:', ...rows, ''].join('\n');
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval', args, {
    task: { type: 'string' },
    tasks: { type: 'string', multiple: true },
    fidelity: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    steps: { type: 'string' },
    json: { type: 'boolean', default: false },
    'no-prescreen': { type: 'boolean', default: false },
    'no-quality': { type: 'boolean', default: false },
    'no-stability': { type: 'boolean', default: false },
    'no-divergence': { type: 'boolean', default: false },
  });
  useTaskDirs(values.tasks, io);
  if (values.task === 'list') {
    io.out(taskList());
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('eval takes exactly one expression (quote it), e.g. actsearch eval "x * sigmoid(x)"');
  if (candidateKindOfText(positionals[0] as string) === 'layer') {
    throw new UsageError(
      `eval trains element-wise activations, and '${positionals[0] as string}' is a normalization-activation layer: layers train in a campaign over a layer space (--space evonorm; docs/layers.md)`,
    );
  }
  const fidelity = values.fidelity ?? 'standard';
  if (!(FIDELITIES as readonly string[]).includes(fidelity))
    throw new UsageError(`--fidelity must be one of ${FIDELITIES.join(', ')}, got '${fidelity}'`);
  const taskId = values.task ?? DEFAULT_TASK_ID;
  const task = getTask(taskId);
  const rejection: RejectionOptions = {
    prescreen: !values['no-prescreen'],
    quality: !values['no-quality'],
    stability: !values['no-stability'],
    divergence: !values['no-divergence'],
  };
  const showProgress = io.isTty && !values.json;
  const seed = intOptionOr(values.seed, 'seed', 0, 0, 2 ** 31 - 1);
  if (task.kind === 'command') {
    return evalCommandTask(
      {
        task,
        expression: positionals[0] as string,
        fidelity: fidelity as Fidelity,
        seed,
        rejection,
        json: values.json,
        progress: showProgress,
      },
      io,
    );
  }
  const result = await evaluateCandidate({
    expr: positionals[0] as string,
    task,
    fidelity: fidelity as Fidelity,
    seed,
    backend: values.backend ?? io.env.ACTSEARCH_BACKEND,
    rejection,
    ...(values.steps !== undefined ? { steps: intOptionOr(values.steps, 'steps', 1, 1, 10_000_000) } : {}),
    ...(showProgress ? { onProgress: (p: Progress) => io.err(progressBar(p)) } : {}),
  });
  if (showProgress) io.err('\r' + ' '.repeat(70) + '\r');
  io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
  return 0;
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'train one activation on a proxy task and print its score',
  usage: USAGE,
  run,
};
