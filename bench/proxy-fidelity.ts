/**
 * bench:fidelity — does the proxy rank like the real thing? Scores ~30 known activations (the baselines
 * of shared/reference/baseline-activations.json and the Swish paper's top functions) on the default
 * task at `standard` and at `full` fidelity, 3 seeds each, and prints the Spearman rank correlation
 * between the two rankings (mean validation accuracy over seeds; a rejected run scores below all).
 *
 *   npm run bench:fidelity [-- --workers 2 --seeds 3 --task mnist-mlp]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Fidelity } from '@actsearch/proxy';
import { DEFAULT_TASK_ID, getBuiltinTask as getTask } from '@actsearch/tasks';
import { runJobs, type Job, type JobResult } from './proxy-worker.ts';

/** Name → expression, in @actsearch/expr syntax. */
const ACTIVATIONS: readonly (readonly [string, string])[] = [
  ['relu', 'relu(x)'],
  ['leaky_relu_0.01', 'leaky_relu(x)'],
  ['elu', 'elu(x)'],
  ['selu', 'selu(x)'],
  ['gelu', 'gelu(x)'],
  ['gelu_tanh', 'gelu_tanh(x)'],
  ['swish_beta1', 'x * sigmoid(x)'],
  ['swish_beta1.5', 'x * sigmoid(1.5 * x)'],
  ['swish_trainable', 'x * sigmoid(beta * x)'],
  ['mish', 'mish(x)'],
  ['softplus', 'softplus(x)'],
  ['tanh', 'tanh(x)'],
  ['sigmoid', 'sigmoid(x)'],
  ['softsign', 'softsign(x)'],
  ['hardswish', 'hardswish(x)'],
  ['snake_a1', 'snake(x)'],
  ['max_x_sigmoid', 'max(x, sigmoid(x))'],
  ['cos_minus_x', 'cos(x) - x'],
  ['min_x_sin', 'min(x, sin(x))'],
  ['atan_sq_minus_x', 'atan(x)^2 - x'],
  ['max_x_tanh', 'max(x, tanh(x))'],
  ['sinc_plus_x', 'sinc(x) + x'],
  ['x_asinh_sq', 'x * asinh(x)^2'],
  ['gumbel', 'exp(-exp(-x))'],
  ['aglu_l1_k1.702', 'aglu(x, 1, 1.702)'],
  ['bessel_i0e', 'bessel_i0e(x)'],
  ['bessel_i1e', 'bessel_i1e(x)'],
  ['erfc', 'erfc(x)'],
  ['log_sigmoid', 'log_sigmoid(x)'],
  ['hard_sigmoid_tf2', 'hard_sigmoid(x)'],
];

const { values } = parseArgs({ options: { workers: { type: 'string' }, seeds: { type: 'string' }, task: { type: 'string' } } });
const workers = Number(values.workers ?? 2);
const seeds = Number(values.seeds ?? 3);
const taskId = values.task ?? DEFAULT_TASK_ID;
const task = getTask(taskId);
const fidelities: Fidelity[] = ['standard', 'full'];

/** Average ranks (1 = best) of `scores`, higher is better; ties share their mean rank. */
export function ranks(scores: readonly number[]): number[] {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  const out = new Array<number>(scores.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i]! - ma) * (rb[i]! - mb);
    saa += (ra[i]! - ma) ** 2;
    sbb += (rb[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

console.log('# bench:fidelity');
console.log(`date      ${new Date().toISOString()}`);
console.log(
  `machine   ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `command   ${process.argv
    .slice(1)
    .map((a) => path.relative(process.cwd(), a) || a)
    .join(' ')}`,
);
console.log(
  `setup     ${ACTIVATIONS.length} activations × ${seeds} seeds on ${task.id} v${task.version} (${task.title}): standard = ${task.fidelities.standard.steps} steps, full = ${task.fidelities.full.steps} steps; ${workers} worker processes`,
);

const jobs: Job[] = [];
const key: { act: number; fidelity: Fidelity; seed: number }[] = [];
// Full runs first: they are the long ones, so the workers finish together.
for (const fidelity of ['full', 'standard'] as const) {
  ACTIVATIONS.forEach(([, expr], act) => {
    for (let seed = 0; seed < seeds; seed++) {
      key.push({ act, fidelity, seed });
      jobs.push({ id: jobs.length, input: { expr, task, fidelity, seed } });
    }
  });
}
const t0 = performance.now();
let done = 0;
const results: JobResult[] = await runJobs(jobs, workers, () => {
  done++;
  if (done % 10 === 0) process.stderr.write(`  ${done}/${jobs.length} runs, ${((performance.now() - t0) / 60000).toFixed(1)} min\n`);
});

const scores: Record<Fidelity, number[][]> = { screen: [], standard: [], full: [] };
for (const f of fidelities) scores[f] = ACTIVATIONS.map(() => []);
for (const r of results) {
  const k = key[r.id]!;
  const m = r.result?.validationMetric;
  scores[k.fidelity][k.act]!.push(m === null || m === undefined ? Number.NEGATIVE_INFINITY : m);
}
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sd = (xs: number[]) =>
  xs.every(Number.isFinite) && xs.length > 1 ? Math.sqrt(xs.reduce((s, v) => s + (v - mean(xs)) ** 2, 0) / (xs.length - 1)) : NaN;
const std = scores.standard.map(mean);
const full = scores.full.map(mean);
const rs = ranks(std);
const rf = ranks(full);
console.log('');
console.log(`${'activation'.padEnd(18)} ${'standard'.padStart(16)} ${'rank'.padStart(5)} ${'full'.padStart(16)} ${'rank'.padStart(5)}`);
const fmt = (xs: number[]) =>
  xs.every(Number.isFinite)
    ? `${mean(xs).toFixed(4)} ± ${sd(xs).toFixed(4)}`
    : `rejected ${xs.filter((x) => !Number.isFinite(x)).length}/${xs.length}`;
ACTIVATIONS.map((a, i) => i)
  .sort((a, b) => rf[a]! - rf[b]!)
  .forEach((i) =>
    console.log(
      `${ACTIVATIONS[i]![0].padEnd(18)} ${fmt(scores.standard[i]!).padStart(16)} ${rs[i]!.toFixed(1).padStart(5)} ${fmt(scores.full[i]!).padStart(16)} ${rf[i]!.toFixed(1).padStart(5)}`,
    ),
  );
console.log('');
const rejections = results
  .filter((r) => r.result?.rejection)
  .map((r) => `${ACTIVATIONS[key[r.id]!.act]![0]} ${key[r.id]!.fidelity} seed ${key[r.id]!.seed}: ${r.result!.rejection!.test}`);
if (rejections.length) console.log(`rejected runs: ${rejections.join('; ')}`);
console.log(`Spearman rank correlation (standard vs full, mean of ${seeds} seeds): ${spearman(std, full).toFixed(3)}`);
console.log(`wall clock ${((performance.now() - t0) / 60000).toFixed(1)} min`);
