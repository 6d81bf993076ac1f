/**
 * Tuning aid for the held-out protocol (docs/search.md): replay one strategy under several configs on
 * ONE table and print, per config, the median and quartiles over seeds of evaluations to the table's
 * top 1 % and top 10, and the median regret after 100 evaluations. Tune on the tuning table only.
 *
 *   npx tsx bench/search-sweep.ts <table name> <strategy> '<JSON list of configs>' [seeds = 100]
 *   e.g. npx tsx bench/search-sweep.ts pangaea-mnist-mlp-screen surrogate '[{"baselines":[]},{"baselines":[],"neighbours":5}]'
 *
 * One process, no workers: run it under `nice` on a shared machine.
 */
import { runJob } from './search-worker.ts';

const [tableName, strategy, configsJson, seedArg] = process.argv.slice(2);
if (tableName === undefined || strategy === undefined || configsJson === undefined) {
  console.error("usage: npx tsx bench/search-sweep.ts <table name> <strategy> '<JSON list of configs>' [seeds]");
  process.exit(2);
}
const seeds = Number(seedArg ?? 100);
const configs = JSON.parse(configsJson) as unknown[];
const table = new URL(`./data/${tableName}.jsonl.gz`, import.meta.url).pathname;

/** The p-quantile with "not reached" (null) counted as worse than anything. */
function quantile(xs: readonly (number | null)[], p: number): number {
  const s = xs.map((x) => x ?? Infinity).sort((a, b) => a - b);
  const at = p * (s.length - 1);
  const lo = s[Math.floor(at)] as number;
  const hi = s[Math.ceil(at)] as number;
  return lo === hi ? lo : (lo + hi) / 2;
}

for (const config of configs) {
  const start = performance.now();
  const { runs } = runJob({ id: 0, table, strategy, config, seeds: [0, seeds], budget: 1000 });
  const t1 = runs.map((r) => r.toTop1);
  const t10 = runs.map((r) => r.toTop10);
  const regret = quantile(
    runs.map((r) => r.regret[1] ?? null),
    0.5,
  );
  console.log(
    `${strategy} ${JSON.stringify(config)}: top 1 % median ${quantile(t1, 0.5)} (quartiles ${quantile(t1, 0.25)}–${quantile(t1, 0.75)}), ` +
      `top 10 median ${quantile(t10, 0.5)} (quartiles ${quantile(t10, 0.25)}–${quantile(t10, 0.75)}), regret@100 ${regret.toFixed(4)}; ` +
      `${((performance.now() - start) / 1000 / seeds).toFixed(2)} s per run`,
  );
}
