import { candidateIdentity, displayText, type CandidateKind, type Expr } from '@actsearch/expr';
import { parseBaseline } from '@actsearch/contract';

// The finale's part of the spec is wire contract (packages/contract/src/spec/finale.ts); the engine adds what it does with it.
export {
  baselineExpr,
  DEFAULT_FINALE_BASELINES,
  DEFAULT_TRANSFER_TASK,
  FINALE_DEFAULTS,
  finaleSpecSchema,
  type FinaleSpec,
} from '@actsearch/contract';

/** The finale's training seeds: the campaign's own (so search-phase evaluations can be reused), then 0, 1, 2, … not used yet. */
export function finaleSeeds(searchSeeds: readonly number[], count: number): number[] {
  const seeds = searchSeeds.slice(0, count);
  for (let seed = 0; seeds.length < count; seed += 1) if (!seeds.includes(seed)) seeds.push(seed);
  return seeds;
}

/** What reads need of a baseline: its kind, canonical function, fingerprint, text and familiar display. */
export interface BaselineIdentity {
  readonly kind: CandidateKind;
  readonly expr: Expr;
  readonly fingerprint: string;
  readonly canonical: string;
  readonly expression: string;
}

const identities = new Map<string, BaselineIdentity>();

/**
 * A baseline with its kind's identity (an activation's fingerprint, or a layer's for `bn_relu` and
 * other layers), remembered per text: fingerprinting samples the function (~1 ms), and every campaign
 * read (detail, list, event stream) needs the same few references.
 */
export function baselineIdentity(text: string): BaselineIdentity {
  const known = identities.get(text);
  if (known !== undefined) return known;
  const { kind, expr: parsed } = parseBaseline(text);
  const { expr, canonical, fingerprint: fp } = candidateIdentity(parsed, kind);
  const identity = { kind, expr, fingerprint: fp, canonical, expression: displayText(canonical, fp) };
  if (identities.size >= 1_000) identities.clear();
  identities.set(text, identity);
  return identity;
}
