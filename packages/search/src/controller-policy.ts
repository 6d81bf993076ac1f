import type { Rng } from '@actsearch/expr';
import type { Genome } from './types.ts';

/** One decision of a sampled sequence: where it was taken, what was allowed, what was chosen. */
export interface Step {
  readonly context: string;
  readonly allowed: readonly number[];
  readonly chosen: number;
}

export type Gradient = Map<string, Map<number, number>>;

export type PolicyJSON = readonly (readonly [string, readonly (readonly [number, number])[]])[];

/**
 * An autoregressive categorical policy over a space's decision tokens, in plain arrays: at every
 * decision a softmax over the allowed tokens whose logits belong to a context — the position and the
 * previous token (`previous`), or the whole prefix (`prefix`, a tabular policy over the decision tree).
 * Logits start at 0 (uniform) and are created on first use, so the policy scales with what it visits.
 */
export class TabularPolicy {
  private readonly logits = new Map<string, Map<number, number>>();

  constructor(
    private readonly conditioning: 'previous' | 'prefix',
    private readonly temperature: number,
    saved?: PolicyJSON,
  ) {
    for (const [ctx, entries] of saved ?? []) this.logits.set(ctx, new Map(entries));
  }

  context(prefix: Genome): string {
    if (this.conditioning === 'prefix') return `${prefix.length}|${prefix.join(',')}`;
    return `${prefix.length}|${prefix.length === 0 ? '^' : String(prefix[prefix.length - 1])}`;
  }

  probabilities(context: string, allowed: readonly number[]): number[] {
    const table = this.logits.get(context);
    const p = new Array<number>(allowed.length);
    let m = -Infinity;
    for (let i = 0; i < allowed.length; i++) {
      const z = (table?.get(allowed[i] as number) ?? 0) / this.temperature;
      p[i] = z;
      if (z > m) m = z;
    }
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const e = Math.exp((p[i] as number) - m);
      p[i] = e;
      s += e;
    }
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / s;
    return p;
  }

  /** Sample one complete genome by walking the decisions; returns its steps and log-probability. */
  sample(rng: Rng, decisionsAt: (prefix: Genome) => readonly number[]): { genome: number[]; steps: Step[]; logProb: number } {
    const genome: number[] = [];
    const steps: Step[] = [];
    let logProb = 0;
    for (;;) {
      const allowed = decisionsAt(genome);
      if (allowed.length === 0) break;
      const context = this.context(genome);
      const p = this.probabilities(context, allowed);
      let u = rng.next();
      let k = 0;
      while (k < p.length - 1 && u >= (p[k] as number)) u -= p[k++] as number;
      const chosen = allowed[k] as number;
      logProb += Math.log(p[k] as number);
      steps.push({ context, allowed, chosen });
      genome.push(chosen);
    }
    return { genome, steps, logProb };
  }

  /** The steps a given genome takes (to score or update it again later). */
  steps(genome: Genome, decisionsAt: (prefix: Genome) => readonly number[]): Step[] {
    const steps: Step[] = [];
    for (let i = 0; i < genome.length; i++) {
      const prefix = genome.slice(0, i);
      steps.push({ context: this.context(prefix), allowed: decisionsAt(prefix), chosen: genome[i] as number });
    }
    return steps;
  }

  logProb(steps: readonly Step[]): number {
    let lp = 0;
    for (const s of steps) {
      const p = this.probabilities(s.context, s.allowed);
      lp += Math.log(Math.max(p[s.allowed.indexOf(s.chosen)] ?? 0, 1e-300));
    }
    return lp;
  }

  /**
   * Add `scale · ∇ log π(sequence)` plus `entropyScale · ∇ H` at each visited context into `grad`
   * (evaluated at the current logits, which stay untouched until `apply`). For a softmax,
   * ∂log p_a/∂z_j = [j=a] − p_j and ∂H/∂z_j = −p_j (log p_j + H), both divided by the temperature.
   */
  gradient(steps: readonly Step[], scale: number, entropyScale: number, grad: Gradient): void {
    for (const s of steps) {
      const p = this.probabilities(s.context, s.allowed);
      let h = 0;
      for (const v of p) if (v > 0) h -= v * Math.log(v);
      let table = grad.get(s.context);
      if (table === undefined) {
        table = new Map();
        grad.set(s.context, table);
      }
      for (let j = 0; j < s.allowed.length; j++) {
        const t = s.allowed[j] as number;
        const pj = p[j] as number;
        const dlog = (t === s.chosen ? 1 : 0) - pj;
        const dent = pj > 0 ? -pj * (Math.log(pj) + h) : 0;
        table.set(t, (table.get(t) ?? 0) + (scale * dlog + entropyScale * dent) / this.temperature);
      }
    }
  }

  /** Gradient ascent step: logits += learningRate · grad. */
  apply(grad: Gradient, learningRate: number): void {
    for (const [ctx, g] of grad) {
      let table = this.logits.get(ctx);
      if (table === undefined) {
        table = new Map();
        this.logits.set(ctx, table);
      }
      for (const [t, v] of g) table.set(t, (table.get(t) ?? 0) + learningRate * v);
    }
  }

  toJSON(): PolicyJSON {
    return [...this.logits].map(([ctx, table]) => [ctx, [...table]] as const);
  }
}
