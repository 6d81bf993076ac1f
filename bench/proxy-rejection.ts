/**
 * bench:rejection — what fraction of random search-space members each rejection test turns down, and
 * how much training time rejection saves. Samples members of `pangaea` and `swish-core1` (seeded),
 * evaluates each on the default task with every test on, then re-runs the rejected ones with every
 * test off to measure what they would have cost.
 *
 *   npm run bench:rejection [-- --n 100 --fidelity standard --workers 2 --seed 1]
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { print, Rng } from '@actsearch/expr';
import type { Fidelity } from '@actsearch/proxy';
import { DEFAULT_TASK_ID, getBuiltinTask } from '@actsearch/tasks';
import { decode, sample, SpaceCatalog } from '@actsearch/spaces';
import { runJobs, type Job } from './proxy-worker.ts';

const { values } = parseArgs({
  options: { n: { type: 'string' }, fidelity: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' }, task: { type: 'string' }, spaces: { type: 'string' } },
});
const N = Number(values.n ?? 100);
const fidelity = (values.fidelity ?? 'standard') as Fidelity;
const workers = Number(values.workers ?? 2);
const seed = Number(values.seed ?? 1);
const taskId = values.task ?? DEFAULT_TASK_ID;
const spaceIds = (values.spaces ?? 'pangaea,swish-core1').split(',');

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'search-spaces');
const catalog = SpaceCatalog.fromSources(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') })));

console.log('# bench:rejection');
console.log(`date      ${new Date().toISOString()}`);
console.log(`machine   ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`command   ${process.argv.slice(1).map((a) => path.relative(process.cwd(), a) || a).join(' ')}`);
console.log(`setup     ${N} random members per space (seed ${seed}), task ${taskId} at ${fidelity}, evaluation seed 0, ${workers} worker processes`);
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
  const order = ['accepted', 'prescreen: non_finite', 'prescreen: constant', 'prescreen: linear', 'prescreen: exploding', 'prescreen: vanishing_gradient', 'stability', 'divergence', 'quality', 'error'];
  for (const key of order) {
    const n = byTest.get(key) ?? 0;
    if (n > 0 || !key.startsWith('prescreen') || key === 'prescreen: non_finite') console.log(`${key.padEnd(32)} ${String(n).padStart(4)}  ${((100 * n) / N).toFixed(1).padStart(5)} %`);
  }
  const total = acceptedCpu + rejectedCpu;
  const totalWithout = acceptedCpu + rejectedUnfiltered;
  console.log(`evaluation time with rejection    ${total.toFixed(1)} s (accepted ${acceptedCpu.toFixed(1)} s + rejected ${rejectedCpu.toFixed(1)} s)`);
  console.log(`rejected ones without rejection   ${rejectedUnfiltered.toFixed(1)} s (every test off, measured)`);
  console.log(`time saved                        ${(totalWithout - total).toFixed(1)} s of ${totalWithout.toFixed(1)} s = ${((100 * (totalWithout - total)) / totalWithout).toFixed(1)} %`);
  console.log(`wall clock                        ${(elapsedWith / 1000).toFixed(1)} s with rejection, ${(elapsedWithout / 1000).toFixed(1)} s for the rejected ones without`);
  // What the rejected ones reach when trained anyway: a test that turns down good functions costs more than it saves.
  const reached = new Map<string, number[]>();
  for (const r of without) {
    const test = withRejection.find((w) => w.id === r.id)?.result?.rejection?.test ?? '?';
    const m = r.result?.validationMetric;
    reached.set(test, [...(reached.get(test) ?? []), m === null || m === undefined ? Number.NaN : m]);
  }
  for (const [test, ms] of reached) {
    const finite = ms.filter(Number.isFinite).sort((a, b) => a - b);
    const good = finite.filter((m) => m >= 0.9).length;
    console.log(`${test.padEnd(11)} rejected, trained anyway: ${finite.length}/${ms.length} finite, median ${finite.length ? (finite[Math.floor(finite.length / 2)] as number).toFixed(3) : '—'}, best ${finite.length ? (finite.at(-1) as number).toFixed(3) : '—'}, ${good} reach ≥ 0.9`);
  }
  const examples = withRejection.filter((r) => r.result?.rejection).slice(0, 6);
  for (const r of examples) console.log(`  e.g. ${exprs[r.id]} → ${r.result?.rejection?.test}: ${r.result?.rejection?.reason}`);
  console.log('');
}
