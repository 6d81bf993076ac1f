import { z } from 'zod';
import { canonicalize, displayText, fingerprint, parse, print, type Expr } from '@actsearch/expr';

// Mirrors campaign-spec.ts (which imports this file): no part of an evaluation key may hold a '|'.
const taskId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" and "-" only');

/** The baselines every finale re-tests: ReLU, Swish (x·σ(x)) and GELU. */
export const DEFAULT_FINALE_BASELINES = ['relu', 'x * sigmoid(x)', 'gelu'] as const;
/**
 * A deep residual MLP on another dataset: a different architecture from the default search task
 * (a plain MLP on MNIST), so a function that only suits the proxy's shape shows it here.
 */
export const DEFAULT_TRANSFER_TASK = 'fashion-resmlp';

/** An activation named in a spec: an expression, or a bare op name (`relu`). */
export const activationText = z
  .string()
  .min(1)
  .max(500)
  .superRefine((text, ctx) => {
    try {
      baselineExpr(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });

/**
 * The campaign's finale: once the search budget is spent, the `topK` best activations by search score
 * plus the baselines are evaluated at `fidelity` on the campaign's tasks and the transfer tasks, with
 * `seeds` training seeds each (the campaign's own seeds first, then the smallest unused ones).
 */
export const finaleSpecSchema = z
  .object({
    enabled: z.boolean().default(true),
    topK: z.number().int().min(1).max(100).default(10),
    baselines: z
      .array(activationText)
      .max(16)
      .default([...DEFAULT_FINALE_BASELINES]),
    fidelity: z.enum(['screen', 'standard', 'full']).default('full'),
    seeds: z.number().int().min(1).max(16).default(3),
    transferTasks: z
      .array(taskId)
      .max(8)
      .refine((tasks) => new Set(tasks).size === tasks.length, 'transfer tasks must not repeat')
      .default([DEFAULT_TRANSFER_TASK]),
  })
  .strict();

export type FinaleSpec = z.output<typeof finaleSpecSchema>;

export const FINALE_DEFAULTS: FinaleSpec = {
  enabled: true,
  topK: 10,
  baselines: [...DEFAULT_FINALE_BASELINES],
  fidelity: 'full',
  seeds: 3,
  transferTasks: [DEFAULT_TRANSFER_TASK],
};

/** The finale's training seeds: the campaign's own (so search-phase evaluations can be reused), then 0, 1, 2, … not used yet. */
export function finaleSeeds(searchSeeds: readonly number[], count: number): number[] {
  const seeds = searchSeeds.slice(0, count);
  for (let seed = 0; seeds.length < count; seed += 1) if (!seeds.includes(seed)) seeds.push(seed);
  return seeds;
}

/** A baseline's function: an expression, or a bare unary op name (`relu` for `relu(x)`). */
export function baselineExpr(text: string): Expr {
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(text.trim()) && text.trim() !== 'x';
  return canonicalize(parse(bare ? `${text.trim()}(x)` : text));
}

/** What reads need of a baseline: its canonical function, fingerprint, text and familiar display. */
export interface BaselineIdentity {
  readonly expr: Expr;
  readonly fingerprint: string;
  readonly canonical: string;
  readonly expression: string;
}

const identities = new Map<string, BaselineIdentity>();

/**
 * baselineExpr with its fingerprint, remembered per text: fingerprinting samples the function (~1 ms),
 * and every campaign read (detail, list, event stream) needs the same few references.
 */
export function baselineIdentity(text: string): BaselineIdentity {
  const known = identities.get(text);
  if (known !== undefined) return known;
  const expr = baselineExpr(text);
  const fp = fingerprint(expr);
  const canonical = print(expr);
  const identity = { expr, fingerprint: fp, canonical, expression: displayText(canonical, fp) };
  if (identities.size >= 1_000) identities.clear();
  identities.set(text, identity);
  return identity;
}
