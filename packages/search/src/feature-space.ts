import { Rng } from '@actsearch/expr';
import { FeatureScaler, distance } from './knn-model.ts';
import type { SearchDomain } from './search-domain.ts';
import type { Genome } from './types.ts';

/**
 * The model-based strategies' view of a space's functions: each function's analyzer features,
 * standardized (over every distinct function of a small space, or a fixed random sample of a large
 * one) and weighted per feature group, with the typical distance between neighbours. It depends on the
 * space and the weights alone, so it is computed once per domain and weighting and shared by every
 * strategy and seed (the surrogate, guided evolution).
 */
/** Candidates' standardized, group-weighted features and the typical spacing between them, derived from the space alone. */
export interface FeatureSpace {
  /** Raw features → standardized and weighted. */
  readonly embed: (raw: Float64Array) => Float64Array;
  readonly lengthScale: number;
  /** Small spaces: every distinct function, with its scaled features. */
  readonly pool?: readonly PoolItem[];
}

/** Per domain, per feature weighting (the config's `featureWeights` as a key). */
const featureSpaces = new WeakMap<SearchDomain, Map<string, FeatureSpace>>();
const REFERENCE_SEED = 0x5eed;
const REFERENCE_SAMPLE = 512;
const LENGTH_SCALE_SAMPLE = 256;

function medianNearestDistance(rows: readonly Float64Array[]): number {
  if (rows.length < 2) return 1;
  const step = Math.max(1, Math.floor(rows.length / LENGTH_SCALE_SAMPLE));
  const nearest: number[] = [];
  for (let i = 0; i < rows.length; i += step) {
    let best = Infinity;
    for (let j = 0; j < rows.length; j++) if (j !== i) best = Math.min(best, distance(rows[i] as Float64Array, rows[j] as Float64Array));
    nearest.push(best);
  }
  nearest.sort((a, b) => a - b);
  return nearest[Math.floor(nearest.length / 2)] || 1;
}

/** One weight per feature column, from the analyzer's groups (a column outside every group weighs 1). */
function columnWeights(domain: SearchDomain, width: number, weights: Readonly<Record<string, number>>): Float64Array {
  const out = new Float64Array(width).fill(1);
  let at = 0;
  for (const g of domain.analyzer.featureGroups ?? []) {
    out.fill(weights[g.name] ?? 1, at, Math.min(width, at + g.size));
    at += g.size;
  }
  return out;
}

export function featureSpace(domain: SearchDomain, weights: Readonly<Record<string, number>>): FeatureSpace {
  let byWeights = featureSpaces.get(domain);
  if (byWeights === undefined) featureSpaces.set(domain, (byWeights = new Map()));
  const key = JSON.stringify(Object.entries(weights).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let fs = byWeights.get(key);
  if (fs === undefined) {
    const small = domain.isSmall();
    const unique = small ? domain.uniqueMembers() : [];
    const rng = new Rng(REFERENCE_SEED);
    const raw = small
      ? unique.map((u) => domain.features(u.genome))
      : Array.from({ length: REFERENCE_SAMPLE }, () => domain.features(domain.view.sample(rng)));
    const scaler = new FeatureScaler(raw);
    const w = columnWeights(domain, raw[0]?.length ?? 0, weights);
    const embed = (r: Float64Array): Float64Array => {
      const t = scaler.transform(r);
      for (let j = 0; j < t.length; j++) t[j] = (t[j] as number) * (w[j] as number);
      return t;
    };
    const scaled = raw.map(embed);
    fs = {
      embed,
      lengthScale: medianNearestDistance(scaled),
      ...(small
        ? { pool: unique.map((u, i) => ({ genome: u.genome, fingerprint: u.fingerprint, features: scaled[i] as Float64Array })) }
        : {}),
    };
    byWeights.set(key, fs);
  }
  return fs;
}

export interface PoolItem {
  readonly genome: Genome;
  readonly fingerprint: string;
  /** Standardized. */
  readonly features: Float64Array;
}
