/**
 * How noisy a tabular benchmark is: between the seeds of each fidelity, the spread of one function's
 * metric and the rank correlation of the functions' metrics; between fidelities, the rank correlation
 * of their medians. A landscape whose seeds barely agree cannot tell strategies apart, so every table
 * with more than one seed or fidelity states these figures.
 */
import type { BenchmarkTable, Fidelity, FidelityResult } from '@actsearch/search';

/** Ranks 1…n, ties sharing their average rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const out = new Array<number>(xs.length);
  for (let lo = 0; lo < order.length;) {
    let hi = lo;
    while (hi + 1 < order.length && (order[hi + 1] as { x: number }).x === (order[lo] as { x: number }).x) hi++;
    for (let k = lo; k <= hi; k++) out[(order[k] as { i: number }).i] = (lo + hi) / 2 + 1;
    lo = hi + 1;
  }
  return out;
}

/** Spearman's rank correlation (Pearson's on tie-averaged ranks); NaN below 3 pairs. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length < 3) return Number.NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    const da = (ra[i] as number) - mean;
    const db = (rb[i] as number) - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[Math.floor(m)] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export interface SeedNoise {
  readonly fidelity: Fidelity;
  readonly seeds: readonly [number, number];
  /** Functions scored under both seeds. */
  readonly bothScored: number;
  /** Functions rejected under exactly one of the two seeds. */
  readonly rejectionDisagreements: number;
  readonly spearman: number;
  /** Median and 90th percentile of |metric(seed a) − metric(seed b)| over functions scored by both. */
  readonly medianAbsDifference: number;
  readonly p90AbsDifference: number;
}

export interface FidelityNoise {
  readonly fidelities: readonly [Fidelity, Fidelity];
  readonly bothScored: number;
  readonly spearman: number;
}

export interface TableNoise {
  readonly seeds: readonly SeedNoise[];
  readonly fidelities: readonly FidelityNoise[];
}

export function tableNoise(table: BenchmarkTable): TableNoise {
  const seedsOut: SeedNoise[] = [];
  const fidelityOut: FidelityNoise[] = [];
  const results = (f: Fidelity) =>
    table.rows.map((r) => table.resultAt(r.fingerprint, f)).filter((x): x is FidelityResult => x !== undefined);
  for (const f of table.fidelities) {
    const rs = results(f);
    const seedIds = [...new Set(rs.flatMap((r) => (r.seeds ?? []).map((s) => s.seed)))].sort((a, b) => a - b);
    for (let i = 0; i < seedIds.length; i++) {
      for (let j = i + 1; j < seedIds.length; j++) {
        const [sa, sb] = [seedIds[i] as number, seedIds[j] as number];
        const a: number[] = [];
        const b: number[] = [];
        let disagree = 0;
        for (const r of rs) {
          const x = r.seeds?.find((s) => s.seed === sa);
          const y = r.seeds?.find((s) => s.seed === sb);
          if (x === undefined || y === undefined) continue;
          if ((x.metric === null) !== (y.metric === null)) disagree++;
          if (x.metric !== null && y.metric !== null) {
            a.push(x.metric);
            b.push(y.metric);
          }
        }
        const diffs = a.map((v, k) => Math.abs(v - (b[k] as number))).sort((p, q) => p - q);
        seedsOut.push({
          fidelity: f,
          seeds: [sa, sb],
          bothScored: a.length,
          rejectionDisagreements: disagree,
          spearman: spearman(a, b),
          medianAbsDifference: median(diffs),
          p90AbsDifference: diffs[Math.min(diffs.length - 1, Math.floor(0.9 * diffs.length))] ?? Number.NaN,
        });
      }
    }
  }
  for (let i = 0; i < table.fidelities.length; i++) {
    for (let j = i + 1; j < table.fidelities.length; j++) {
      const [fa, fb] = [table.fidelities[i] as Fidelity, table.fidelities[j] as Fidelity];
      const a: number[] = [];
      const b: number[] = [];
      for (const r of table.rows) {
        const x = table.resultAt(r.fingerprint, fa)?.metric;
        const y = table.resultAt(r.fingerprint, fb)?.metric;
        if (x !== null && x !== undefined && y !== null && y !== undefined) {
          a.push(x);
          b.push(y);
        }
      }
      fidelityOut.push({ fidelities: [fa, fb], bothScored: a.length, spearman: spearman(a, b) });
    }
  }
  return { seeds: seedsOut, fidelities: fidelityOut };
}

/** One line per figure, for bench output and table documentation. */
export function describeNoise(noise: TableNoise): string[] {
  return [
    ...noise.seeds.map(
      (s) =>
        `${s.fidelity}, seed ${s.seeds[0]} vs ${s.seeds[1]}: Spearman ${s.spearman.toFixed(3)} over ${s.bothScored} functions scored by both; |Δmetric| median ${s.medianAbsDifference.toFixed(4)}, 90th percentile ${s.p90AbsDifference.toFixed(4)}; rejected by one seed only: ${s.rejectionDisagreements}`,
    ),
    ...noise.fidelities.map(
      (f) =>
        `${f.fidelities[0]} vs ${f.fidelities[1]} (medians): Spearman ${f.spearman.toFixed(3)} over ${f.bothScored} functions scored at both`,
    ),
  ];
}
