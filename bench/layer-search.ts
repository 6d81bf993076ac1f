/**
 * bench/layer-search — an EvoNorm-style layer search outside the engine (campaigns refuse layer spaces
 * until the workers and finale take layers; docs/layers.md). Regularized evolution over
 * search-spaces/evonorm.yaml with EvoNorm's multi-architecture Pareto tournament: every candidate
 * trains on each task (default: fashion-resmlp, a residual MLP, and mnist-cnn, a CNN) and its
 * per-task validation accuracies are the tournament's objectives. Rejections, in EvoNorm's order:
 * `layer` (no statistic of its input: an activation, not a layer; or non-finite on the probe tensor,
 * at no training cost), then on each task stability (worst-case gradient norm), divergence and
 * quality (accuracy floor after 100 steps), where the first task's rejection skips the rest. The four
 * known layers are trained first as the reference. Prints the rejection breakdown and the best
 * candidates; one process, one core.
 *
 *   npx tsx bench/layer-search.ts [--candidates 100] [--tasks fashion-resmlp,mnist-cnn] [--fidelity screen]
 *                                 [--population 16] [--tournament 4] [--seed 0] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { checkLayer, KNOWN_LAYERS, layerAnalyzer, printLayer, resolveLayer, type Expr } from '@actsearch/expr';
import { evaluateLayerCandidate, type EvaluationResult, type Fidelity } from '@actsearch/proxy';
import { createStrategy, paretoFront, SearchDomain, spaceView } from '@actsearch/search';
import { parseSpace } from '@actsearch/spaces';
import { getBuiltinTask } from '@actsearch/tasks';

const { values } = parseArgs({
  options: {
    candidates: { type: 'string' },
    tasks: { type: 'string' },
    fidelity: { type: 'string' },
    population: { type: 'string' },
    tournament: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
  },
});
const candidates = Number(values.candidates ?? 100);
const taskIds = (values.tasks ?? 'fashion-resmlp,mnist-cnn').split(',');
const fidelity = (values.fidelity ?? 'screen') as Fidelity;
const seed = Number(values.seed ?? 0);
const tasks = taskIds.map((id) => getBuiltinTask(id));

const space = parseSpace(readFileSync(new URL('../search-spaces/evonorm.yaml', import.meta.url), 'utf8'), 'evonorm.yaml');
const domain = new SearchDomain(spaceView(space), layerAnalyzer);
const strategy = createStrategy(
  'evolution',
  domain,
  { populationSize: Number(values.population ?? 16), tournamentSize: Number(values.tournament ?? 4), objective: 'pareto' },
  seed,
);

interface Row {
  readonly kind: 'reference' | 'candidate';
  readonly text: string;
  readonly fingerprint: string;
  /** Per task: validation accuracy, or null when rejected before scoring. */
  readonly scores: (number | null)[];
  readonly rejection: string | null;
  readonly seconds: number;
}

/** EvoNorm's first filter, free: a layer must use a statistic and be finite on the probe tensor (the engine's layer check). */
function layerRejection(e: Expr): string | null {
  const verdict = checkLayer(e);
  return verdict === null ? null : `layer: ${verdict.reason}`;
}

async function train(e: Expr): Promise<{ scores: (number | null)[]; rejection: string | null }> {
  const scores: (number | null)[] = [];
  for (const task of tasks) {
    const r: EvaluationResult = await evaluateLayerCandidate({ task, fidelity, seed, layer: e });
    if (r.status !== 'ok')
      return { scores: [...scores, null], rejection: `${r.rejection?.test ?? 'failed'} on ${task.id}: ${r.rejection?.reason ?? ''}` };
    scores.push(r.validationMetric);
  }
  return { scores, rejection: null };
}

const rows: Row[] = [];
const t0 = performance.now();
for (const known of KNOWN_LAYERS) {
  const e = resolveLayer(known.name);
  const s = performance.now();
  const r = await train(e);
  rows.push({
    kind: 'reference',
    text: known.name,
    fingerprint: layerAnalyzer.fingerprint(e),
    ...r,
    seconds: (performance.now() - s) / 1000,
  });
  console.log(`reference ${known.name}: ${r.rejection ?? r.scores.map((v) => v?.toFixed(4)).join(' / ')}`);
}
for (let i = 0; i < candidates; i++) {
  const [p] = strategy.ask(1);
  if (!p) break;
  const e = domain.view.decode(p.genome);
  const s = performance.now();
  const early = layerRejection(e);
  const r = early ? { scores: [], rejection: early } : await train(e);
  const seconds = (performance.now() - s) / 1000;
  rows.push({ kind: 'candidate', text: printLayer(e), fingerprint: p.fingerprint, ...r, seconds });
  if (r.rejection) strategy.tell(p.id, { kind: 'rejected', test: r.rejection.split(/[: ]/)[0] as string, reason: r.rejection });
  else {
    const v = r.scores as number[];
    strategy.tell(p.id, { kind: 'score', value: v.reduce((a, b) => a + b, 0) / v.length, values: v });
  }
  console.log(
    `${String(i + 1).padStart(3)} ${r.rejection ?? r.scores.map((v) => v?.toFixed(4)).join(' / ')}  ${printLayer(e).slice(0, 110)}`,
  );
}
const minutes = (performance.now() - t0) / 60000;

const evaluated = rows.filter((r) => r.kind === 'candidate');
const breakdown = new Map<string, number>();
for (const r of evaluated) {
  const key =
    r.rejection === null
      ? 'scored'
      : (r.rejection
          .match(/^(\w+)(?: on ([\w-]+))?/)
          ?.slice(1)
          .filter(Boolean)
          .join(' on ') ?? 'other');
  breakdown.set(key, (breakdown.get(key) ?? 0) + 1);
}
const scored = rows.filter((r) => r.rejection === null);
const front = new Set(paretoFront(scored.map((r) => r.scores as number[])).map((i) => scored[i]?.fingerprint));
const mean = (r: Row) => (r.scores as number[]).reduce((a, b) => a + b, 0) / r.scores.length;
const top = [...scored].sort((a, b) => mean(b) - mean(a)).slice(0, 12);

console.log(
  `\nevonorm layer search: ${evaluated.length} candidates, evolution (Pareto tournament over ${taskIds.join(', ')}), ${fidelity}, seed ${seed}, ${minutes.toFixed(1)} min`,
);
console.log('\nrejections:');
for (const [k, n] of [...breakdown].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(36)} ${String(n).padStart(4)}`);
console.log(`\nbest by mean validation accuracy (* = on the Pareto front):\n  ${taskIds.map((t) => t.padEnd(15)).join('')}layer`);
for (const r of top) {
  console.log(
    `  ${(r.scores as number[]).map((v) => v.toFixed(4).padEnd(15)).join('')}${front.has(r.fingerprint) ? '*' : ' '} ${r.kind === 'reference' ? `[${r.text}]` : r.text}`,
  );
}
if (values.json) writeFileSync(values.json, JSON.stringify({ tasks: taskIds, fidelity, seed, minutes, rows }, null, 2));
