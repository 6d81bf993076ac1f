/**
 * bench:search — replay search strategies against a tabular benchmark (lookup instead of training)
 * and compare them with random search measured in the same run.
 *
 *   npm run bench:search                              # synthetic table over PANGAEA b(u(x),u(x))
 *   npm run bench:search -- --table bench/data/pangaea-screen.jsonl.gz
 *   options: --seeds 20  --random-seeds 200  --budget 1000  --strategies random,evolution,…
 *            --write <file.jsonl.gz>   (save the synthetic table)
 *            --space pangaea --shape 'binary(unary(x),unary(x))'   (synthetic table only)
 *
 * Per strategy: median evaluations until a function of the table's top 1 % and one of its 10 best is
 * evaluated, and the regret (table best − best found) after 50/100/200/500 evaluations, each also as a
 * ratio to random search's median. `halving` needs several fidelities, which a one-fidelity table does
 * not have, so it is not replayed here.
 */
import { cpus, totalmem, type as osType, release } from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { contentHash, parseSpace } from '@actsearch/spaces';
import {
  createStrategy,
  evaluationsToReach,
  exprAnalyzer,
  regretAfter,
  replay,
  restrictView,
  SearchDomain,
  spaceView,
  BenchmarkTable,
} from '@actsearch/search';
import { buildSyntheticTable } from './search-synthetic.ts';
import { readTableFile, writeTableFile } from './search-table.ts';

const REGRET_AT = [50, 100, 200, 500] as const;
const DEFAULT_STRATEGIES = ['random', 'exhaustive', 'evolution', 'controller', 'surrogate'];

const { values: args } = parseArgs({
  options: {
    table: { type: 'string' },
    space: { type: 'string', default: 'pangaea' },
    shape: { type: 'string', default: 'binary(unary(x),unary(x))' },
    seeds: { type: 'string', default: '20' },
    // Random search is the yardstick of every ratio: more seeds make its median precise, cheaply.
    'random-seeds': { type: 'string', default: '200' },
    budget: { type: 'string', default: '1000' },
    strategies: { type: 'string', default: DEFAULT_STRATEGIES.join(',') },
    write: { type: 'string' },
  },
});
const seeds = Number(args.seeds);
const randomSeeds = Math.max(seeds, Number(args['random-seeds']));
const budget = Number(args.budget);
const strategies = (args.strategies ?? '').split(',').filter((s) => s !== '');
if (!strategies.includes('random')) strategies.unshift('random');

function loadSpaceFile(id: string) {
  return parseSpace(readFileSync(new URL(`../search-spaces/${id}.yaml`, import.meta.url), 'utf8'), `${id}.yaml`);
}

const command = `npm run bench:search --${process.argv.slice(2).map((a) => ` ${a}`).join('')}`;
let table: BenchmarkTable;
let tableLabel: string;
const t0 = performance.now();
if (args.table !== undefined) {
  table = readTableFile(args.table);
  tableLabel = `${args.table}${table.header.synthetic ? ' (SYNTHETIC)' : ''}`;
} else {
  const { header, rows } = buildSyntheticTable(loadSpaceFile(args.space as string), args.shape, command);
  table = new BenchmarkTable(header, rows);
  tableLabel = 'SYNTHETIC — metric is a made-up smooth function of probe-point outputs (bench/search-synthetic.ts), not training';
  if (args.write !== undefined) writeTableFile(args.write, header, rows);
}
const space = loadSpaceFile(table.header.space);
if (contentHash(space) !== table.header.spaceHash) {
  throw new Error(`the table was built for another version of space '${space.id}' (hash ${table.header.spaceHash}, now ${contentHash(space)})`);
}
const domain = new SearchDomain(restrictView(spaceView(space), table.genomes(), `${table.header.spaceHash}/table`), exprAnalyzer);
const setupSeconds = (performance.now() - t0) / 1000;

interface RunStats {
  toTop1: number;
  toTop10: number;
  regret: number[];
  missing: number;
}

const top1 = table.topFraction(0.01);
const top10 = table.top(10);
const results = new Map<string, { runs: RunStats[]; seconds: number }>();
for (const name of strategies) {
  const start = performance.now();
  const runs: RunStats[] = [];
  const n = name === 'random' ? randomSeeds : seeds;
  for (let seed = 0; seed < n; seed++) {
    const trace = replay(createStrategy(name, domain, {}, seed), table, budget);
    runs.push({
      toTop1: evaluationsToReach(trace, top1) ?? Infinity,
      toTop10: evaluationsToReach(trace, top10) ?? Infinity,
      regret: REGRET_AT.map((k) => regretAfter(trace, table, k)),
      missing: trace.missing,
    });
  }
  results.set(name, { runs, seconds: (performance.now() - start) / 1000 / n });
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 === 1 ? (s[Math.floor(m)] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
const fmtEvals = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 10) / 10) : `>${budget}`);
const fmtRatio = (v: number, base: number) => (Number.isFinite(v) && Number.isFinite(base) && base > 0 ? `${(v / base).toFixed(2)}×` : '—');
const fmtRegret = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '∞');

const rejected = table.rows.filter((r) => r.rejection !== null).length;
const cutoff = table.ranked[top1.size - 1]?.metric;
const h = table.header;
console.log('# bench:search — strategies replayed against a tabular benchmark (lookup instead of training)');
console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}; node ${process.version}`);
console.log('backend: tabular lookup (no training); @actsearch/search, @actsearch/spaces, @actsearch/expr from this checkout');
console.log(`command: ${command}`);
console.log(`table: ${tableLabel}`);
console.log(`  space ${h.space} (${h.spaceHash.slice(0, 12)}), shape ${h.shape ?? 'all'}, task ${h.task}, fidelity ${h.fidelity}, metric ${h.metric}`);
console.log(`  ${table.rows.length} functions (${rejected} rejected); top 1 % = ${top1.size} functions (metric ≥ ${cutoff?.toFixed(4)}); best ${table.best.toFixed(4)}; built in ${setupSeconds.toFixed(1)} s`);
console.log(
  `runs: ${seeds} seeds per strategy (0…${seeds - 1}), random ${randomSeeds}; at most ${budget} evaluations each, asked one at a time; default configs`,
);
// Exact median of random search without replacement over the table's genomes, as a check on the sample.
const totalGenomes = table.genomes().length;
const exactRandomMedian = (targets: ReadonlySet<string>) => {
  const m = table.rows.filter((r) => targets.has(r.fingerprint)).reduce((a, r) => a + r.genomes.length, 0);
  let p = 1;
  let k = 0;
  while (p > 0.5 && k < totalGenomes) p *= (totalGenomes - m - k) / (totalGenomes - k++);
  return k;
};
console.log(`random search's exact median (uniform over ${totalGenomes} genomes, no replacement): ${exactRandomMedian(top1)} to the top 1 %, ${exactRandomMedian(top10)} to the top 10`);
console.log('');
const base = results.get('random') as { runs: RunStats[] };
const baseTop1 = median(base.runs.map((r) => r.toTop1));
const baseTop10 = median(base.runs.map((r) => r.toTop10));
const baseRegret = REGRET_AT.map((_, i) => median(base.runs.map((r) => r.regret[i] as number)));
const head = ['strategy', 'evals→top 1 %', '× random', 'evals→top 10', '× random', ...REGRET_AT.map((k) => `regret@${k} (× random)`), 's/run'];
const lines: string[][] = [];
for (const [name, { runs, seconds }] of results) {
  const t1 = median(runs.map((r) => r.toTop1));
  const t10 = median(runs.map((r) => r.toTop10));
  const regrets = REGRET_AT.map((_, i) => median(runs.map((r) => r.regret[i] as number)));
  lines.push([
    name,
    fmtEvals(t1),
    fmtRatio(t1, baseTop1),
    fmtEvals(t10),
    fmtRatio(t10, baseTop10),
    ...regrets.map((v, i) => `${fmtRegret(v)} (${fmtRatio(v, baseRegret[i] as number)})`),
    seconds.toFixed(2),
  ]);
  const missing = runs.reduce((a, r) => a + r.missing, 0);
  if (missing > 0) console.log(`note: ${name} proposed ${missing} functions the table lacks (told as failures, not counted)`);
}
const widths = head.map((c, i) => Math.max(c.length, ...lines.map((l) => (l[i] as string).length)));
const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
console.log(row(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const l of lines) console.log(row(l));
console.log('');
let bestName = '';
let bestRatio = Infinity;
for (const [name, { runs }] of results) {
  if (name === 'random') continue;
  const r = median(runs.map((x) => x.toTop1)) / baseTop1;
  if (r < bestRatio) [bestName, bestRatio] = [name, r];
}
console.log(
  `best to the top 1 %: ${bestName} at ${bestRatio.toFixed(2)}× random's evaluations (target ≤ 0.20×: ${bestRatio <= 0.2 ? 'met' : 'NOT met'})${h.synthetic ? ' — on a SYNTHETIC table' : ''}`,
);
