/**
 * bench:rejection — what fraction of random search-space members each rejection test turns down, and
 * how much training time rejection saves. Samples members of `pangaea` and `swish-core1` (seeded),
 * evaluates each on the default task with every test on, then re-runs the rejected ones with every
 * test off to measure what they would have cost. Per test it reports the false rejections: rejected
 * members that, trained anyway, reach a competitive score (at least ReLU's on the same run, less
 * `--margin`), next to the time that test saved. Then the calibration: the stability test on every
 * known-good activation, every built-in task (or `--calibration-tasks`) and the finale's seeds 0–2.
 *
 *   npm run bench:rejection [-- --n 100 --fidelity standard --workers 2 --seed 1 --margin 0.02]
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { print, Rng } from '@actsearch/expr';
import { checkStability, type Fidelity } from '@actsearch/proxy';
import { DEFAULT_TASK_ID, getBuiltinTask, listTasks } from '@actsearch/tasks';
import { decode, sample, SpaceCatalog } from '@actsearch/spaces';
import { runJobs, type Job } from './proxy-worker.ts';
import { KNOWN_GOOD_ACTIVATIONS as KNOWN_GOOD } from '../test/fixtures/known-good-activations.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    fidelity: { type: 'string' },
    workers: { type: 'string' },
    seed: { type: 'string' },
    task: { type: 'string' },
    spaces: { type: 'string' },
    margin: { type: 'string' },
    'calibration-tasks': { type: 'string' },
  },
});
const N = Number(values.n ?? 100);
const fidelity = (values.fidelity ?? 'standard') as Fidelity;
const workers = Number(values.workers ?? 2);
const seed = Number(values.seed ?? 1);
const taskId = values.task ?? DEFAULT_TASK_ID;
const spaceIds = (values.spaces ?? 'pangaea,swish-core1').split(',').filter((id) => id !== '');
const margin = Number(values.margin ?? 0.02);
const calibrationTasks = (
  values['calibration-tasks'] ??
  listTasks()
    .filter((t) => t.kind === 'builtin')
    .map((t) => t.id)
    .join(',')
)
  .split(',')
  .filter((id) => id !== '');
const FINALE_SEEDS = [0, 1, 2];

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'search-spaces');
const catalog = SpaceCatalog.fromSources(
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') })),
);

console.log('# bench:rejection');
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
  `setup     ${N} random members per space (seed ${seed}), task ${taskId} at ${fidelity}, evaluation seed 0, ${workers} worker processes`,
);
console.log(`          a false rejection: trained with every test off, it reaches ReLU's score on the same run less ${margin}`);
console.log('');

// ReLU on the same task, fidelity and seed: the bar a forced training has to reach to count as competitive.
const [reluRun] = await runJobs(
  [{ id: 0, input: { expr: 'relu(x)', task: getBuiltinTask(taskId), fidelity, seed: 0 } }],
  1,
  () => undefined,
);
const reluMetric = reluRun?.result?.validationMetric ?? Number.NaN;
console.log(`ReLU      ${reluMetric.toFixed(4)} (${taskId}, ${fidelity}, seed 0): competitive from ${(reluMetric - margin).toFixed(4)}`);
console.log('');

for (const spaceId of spaceIds) {
  const space = catalog.get(spaceId);
  const rng = new Rng(seed);
  const exprs = Array.from({ length: N }, () => print(decode(space, sample(space, rng))));
  const jobs: Job[] = exprs.map((expr, id) => ({ id, input: { expr, task: getBuiltinTask(taskId), fidelity, seed: 0 } }));
  const t0 = performance.now();
  const withRejection = await runJobs(jobs, workers, () => undefined);
  const elapsedWith = performance.now() - t0;
  const rejected = withRejection.filter((r) => r.result?.status === 'rejected');
  const off = { prescreen: false, quality: false, stability: false, divergence: false } as const;
  const t1 = performance.now();
  const without = await runJobs(
    rejected.map((r) => ({ id: r.id, input: { ...(jobs[r.id] as Job).input, rejection: off } })),
    workers,
    () => undefined,
  );
  const elapsedWithout = performance.now() - t1;

  const byTest = new Map<string, number>();
  for (const r of withRejection) {
    const rej = r.result?.rejection;
    const key = r.error ? 'error' : rej ? (rej.test === 'prescreen' ? `prescreen: ${rej.check}` : rej.test) : 'accepted';
    byTest.set(key, (byTest.get(key) ?? 0) + 1);
  }
  const cpu = (rs: typeof withRejection) => rs.reduce((s, r) => s + (r.result?.wallTimeMs ?? 0), 0) / 1000;
  const acceptedCpu = cpu(withRejection.filter((r) => r.result?.status === 'ok'));
  const rejectedCpu = cpu(rejected);
  const rejectedUnfiltered = cpu(without);
  console.log(`## ${spaceId} (${N} members)`);
  const order = [
    'accepted',
    'prescreen: non_finite',
    'prescreen: constant',
    'prescreen: linear',
    'prescreen: exploding',
    'prescreen: vanishing_gradient',
    'stability',
    'divergence',
    'quality',
    'error',
  ];
  for (const key of order) {
    const n = byTest.get(key) ?? 0;
    if (n > 0 || !key.startsWith('prescreen') || key === 'prescreen: non_finite')
      console.log(`${key.padEnd(32)} ${String(n).padStart(4)}  ${((100 * n) / N).toFixed(1).padStart(5)} %`);
  }
  const total = acceptedCpu + rejectedCpu;
  const totalWithout = acceptedCpu + rejectedUnfiltered;
  console.log(
    `evaluation time with rejection    ${total.toFixed(1)} s (accepted ${acceptedCpu.toFixed(1)} s + rejected ${rejectedCpu.toFixed(1)} s)`,
  );
  console.log(`rejected ones without rejection   ${rejectedUnfiltered.toFixed(1)} s (every test off, measured)`);
  console.log(
    `time saved                        ${(totalWithout - total).toFixed(1)} s of ${totalWithout.toFixed(1)} s = ${((100 * (totalWithout - total)) / totalWithout).toFixed(1)} %`,
  );
  console.log(
    `wall clock                        ${(elapsedWith / 1000).toFixed(1)} s with rejection, ${(elapsedWithout / 1000).toFixed(1)} s for the rejected ones without`,
  );
  // Per test: how many it rejected, how many of those train to a competitive score when forced (false
  // rejections), and the training time it saved (forced time − time to reject), measured.
  console.log('');
  console.log('| test | rejected | trained anyway: finite | false rejections (≥ ReLU − margin) | best forced score | time saved |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const perTest = new Map<string, { n: number; finite: number; competitive: number; best: number; saved: number }>();
  for (const r of without) {
    const first = withRejection.find((w) => w.id === r.id)?.result;
    const rej = first?.rejection;
    const test = rej ? (rej.test === 'prescreen' ? `prescreen: ${rej.check}` : rej.test) : '?';
    const m = r.result?.validationMetric ?? null;
    const row = perTest.get(test) ?? { n: 0, finite: 0, competitive: 0, best: Number.NEGATIVE_INFINITY, saved: 0 };
    row.n += 1;
    if (m !== null && Number.isFinite(m)) {
      row.finite += 1;
      if (m >= reluMetric - margin) row.competitive += 1;
      row.best = Math.max(row.best, m);
    }
    row.saved += ((r.result?.wallTimeMs ?? 0) - (first?.wallTimeMs ?? 0)) / 1000;
    perTest.set(test, row);
  }
  for (const [test, row] of [...perTest].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(
      `| ${test} | ${row.n} | ${row.finite} | ${row.competitive} | ${Number.isFinite(row.best) ? row.best.toFixed(3) : '—'} | ${row.saved.toFixed(1)} s |`,
    );
  }
  console.log('');
  const examples = withRejection.filter((r) => r.result?.rejection).slice(0, 6);
  for (const r of examples) console.log(`  e.g. ${exprs[r.id]} → ${r.result?.rejection?.test}: ${r.result?.rejection?.reason}`);
  console.log('');
}

console.log(
  `## Calibration: the stability test on ${KNOWN_GOOD.length} known-good activations × ${calibrationTasks.length} tasks × seeds ${FINALE_SEEDS.join(', ')}`,
);
console.log("(the test runs before training on the seed's initial network: the same at every fidelity)");
console.log('');
console.log('| task | checks | rejected | largest worst-case gradient norm (threshold 1e8) |');
console.log('|---|---:|---:|---:|');
let falseStability = 0;
for (const task of calibrationTasks) {
  let rejectedHere = 0;
  let largest = 0;
  const failures: string[] = [];
  for (const expr of KNOWN_GOOD) {
    for (const s of FINALE_SEEDS) {
      const r = await checkStability({ expr, task: getBuiltinTask(task), seed: s });
      if (!r.passed) {
        rejectedHere += 1;
        failures.push(`${expr} seed ${s}: ${r.reason}`);
      }
      largest = Math.max(largest, r.maxGradNorm ?? Number.POSITIVE_INFINITY);
    }
  }
  falseStability += rejectedHere;
  console.log(`| ${task} | ${KNOWN_GOOD.length * FINALE_SEEDS.length} | ${rejectedHere} | ${largest.toPrecision(3)} |`);
  for (const f of failures) console.log(`|   ${f} | | | |`);
}
console.log('');
console.log(`known-good activations rejected by the stability test: ${falseStability}`);
