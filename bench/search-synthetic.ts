/**
 * A synthetic tabular benchmark: the table format of a real one (every distinct function of a space
 * shape, one row each), but the metric is a made-up, deterministic, smooth function of the function's
 * outputs on the probe points — so `bench:search` can be developed and checked before the real table
 * (trained on the default proxy task) exists. Always labelled `synthetic: true`.
 */
import { evaluateArray, print, probePoints } from '@actsearch/expr';
import { classes, contentHash, decode, enumerate } from '@actsearch/spaces';
import type { SearchSpace } from '@actsearch/spaces';
import { BENCHMARK_FORMAT, BENCHMARK_VERSION } from '@actsearch/search';
import type { BenchmarkHeader, BenchmarkRow } from '@actsearch/search';

const XS = probePoints();

function hashUnit(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return (h / 2 ** 32) * 2 - 1;
}

/**
 * "Accuracy" in [0.1, 0.9]: chance level plus a bump around a profile that good activations roughly
 * share — output spread ≈ 1.1, mean ≈ 0.35, strongly increasing in x (correlation ≈ 0.9), about a
 * quarter of outputs negative — and ±0.004 of deterministic "training noise" from the fingerprint.
 * Non-finite or constant functions are rejected, as the pre-screen would.
 */
export function syntheticMetric(
  ys: Float64Array,
  fingerprint: string,
): { metric: number } | { rejection: { test: string; reason: string } } {
  if (ys.some((y) => !Number.isFinite(y))) return { rejection: { test: 'prescreen', reason: 'non-finite output' } };
  const n = ys.length;
  let my = 0;
  let mx = 0;
  for (let i = 0; i < n; i++) {
    my += ys[i] as number;
    mx += XS[i] as number;
  }
  my /= n;
  mx /= n;
  let syy = 0;
  let sxx = 0;
  let sxy = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    const dy = (ys[i] as number) - my;
    const dx = (XS[i] as number) - mx;
    syy += dy * dy;
    sxx += dx * dx;
    sxy += dx * dy;
    neg += 1 / (1 + Math.exp(Math.min(50, (ys[i] as number) / 0.02 + 3)));
  }
  const sd = Math.sqrt(syy / n);
  if (sd < 1e-6) return { rejection: { test: 'prescreen', reason: 'constant output' } };
  const corr = sxy / Math.sqrt(sxx * syy);
  const q = ((sd - 1.0) / 0.5) ** 2 + ((my - 0.2) / 0.4) ** 2 + ((corr - 0.95) / 0.15) ** 2 + ((neg / n - 0.3) / 0.2) ** 2;
  return { metric: 0.1 + 0.8 * Math.exp(-q / 4) + 0.004 * hashUnit(fingerprint) };
}

/** Every distinct function of one shape of `space` (or of the whole space), scored synthetically. */
export function buildSyntheticTable(
  space: SearchSpace,
  shapeLabel: string | undefined,
  command: string,
): { header: BenchmarkHeader; rows: BenchmarkRow[] } {
  const shape = shapeLabel === undefined ? undefined : space.shapes.find((s) => s.label === shapeLabel);
  if (shapeLabel !== undefined && shape === undefined) {
    throw new Error(`space ${space.id} has no shape '${shapeLabel}' (it has: ${space.shapes.map((s) => s.label).join(', ')})`);
  }
  const decodeText = (cls: ReturnType<typeof classes>[number]) => print(decode(space, cls.representative));
  const rows: BenchmarkRow[] = classes(space, enumerate(space, shape === undefined ? {} : { shape: shape.index })).map((cls) => {
    const ys = evaluateArray(decode(space, cls.representative), XS);
    const m = syntheticMetric(ys, cls.fingerprint);
    return {
      fingerprint: cls.fingerprint,
      text: decodeText(cls),
      genomes: cls.members.map((g) => g.slice()),
      metric: 'metric' in m ? m.metric : null,
      rejection: 'rejection' in m ? m.rejection : null,
      seconds: 0,
    };
  });
  const header: BenchmarkHeader = {
    format: BENCHMARK_FORMAT,
    version: BENCHMARK_VERSION,
    space: space.id,
    spaceHash: contentHash(space),
    ...(shape === undefined ? {} : { shape: shape.label }),
    task: 'synthetic-profile',
    fidelity: 'screen',
    metric: 'synthetic_accuracy',
    synthetic: true,
    command,
    createdAt: '1970-01-01T00:00:00.000Z',
    rows: rows.length,
    notes: { formula: 'bench/search-synthetic.ts syntheticMetric' },
  };
  return { header, rows };
}
