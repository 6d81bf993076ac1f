import { z } from 'zod';
import { BaseStrategy } from '../base-strategy.ts';
import type { BaseState } from '../base-strategy.ts';
import { TabularPolicy } from '../controller-policy.ts';
import type { Gradient, PolicyJSON, Step } from '../controller-policy.ts';
import { MemberSampler } from '../member-sampler.ts';
import type { MemberSamplerState } from '../member-sampler.ts';
import type { SearchDomain } from '../search-domain.ts';
import type { Genome, Proposal, TrialResult } from '../types.ts';

export const controllerConfigSchema = z
  .object({
    algorithm: z
      .enum(['ppo', 'reinforce'])
      .default('ppo')
      .describe(
        "policy-gradient update: 'ppo' (clipped surrogate, several epochs per batch — the Swish paper) or 'reinforce' (one plain step per batch)",
      ),
    batchSize: z.number().int().min(1).max(10_000).default(8).describe('results collected before each policy update'),
    learningRate: z.number().positive().max(100).default(1).describe('step size of gradient ascent on the logits'),
    entropyWeight: z.number().min(0).max(10).default(0.02).describe('weight of the entropy bonus that keeps the policy exploring'),
    baselineDecay: z
      .number()
      .min(0)
      .max(0.9999)
      .default(0.8)
      .describe('decay of the exponential moving average of rewards used as the baseline (and of their spread, used to scale advantages)'),
    ppoEpochs: z.number().int().min(1).max(100).default(4).describe('PPO: passes over each batch'),
    ppoClip: z.number().positive().max(1).default(0.2).describe('PPO: the ratio π/π_old is clipped to [1−ε, 1+ε]'),
    conditioning: z
      .enum(['previous', 'prefix'])
      .default('previous')
      .describe("what each decision's softmax is conditioned on: its position and the previous token, or the whole prefix"),
    temperature: z.number().positive().max(100).default(1).describe('softmax temperature of the policy'),
    rejectedReward: z
      .number()
      .nullable()
      .default(null)
      .describe('reward for a rejected candidate; null = the lowest score observed so far'),
    maxResamples: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(16)
      .describe('policy samples per proposal that may repeat known functions before a random unseen member is proposed instead'),
    replayDuplicates: z
      .boolean()
      .default(true)
      .describe('a sample repeating an already evaluated function is learned from with its known reward instead of being evaluated again'),
  })
  .strict();
export type ControllerConfig = z.output<typeof controllerConfigSchema>;

interface Experience {
  readonly genome: Genome;
  /** null: rejected (its reward is settled at update time). */
  readonly reward: number | null;
  readonly logProb: number;
}

interface ControllerState {
  readonly policy: PolicyJSON;
  readonly buffer: readonly Experience[];
  readonly pendingLogProb: readonly (readonly [string, number])[];
  readonly known: readonly (readonly [string, number | null])[];
  readonly minScore: number | null;
  readonly baseline: { readonly mean: number; readonly meanSq: number; readonly count: number };
  readonly updates: number;
  readonly sampler: MemberSamplerState;
}

const MAX_ADVANTAGE = 5;

/**
 * The RL controller of "Searching for Activation Functions" (Ramachandran, Zoph & Le, 2017), after
 * Zoph & Le's NAS controller: an autoregressive policy samples a genome token by token over the
 * space's decision grammar (`decisionsAt`), and is trained by policy gradient on the rewards (scores)
 * with an exponential-moving-average baseline, PPO or REINFORCE, plus an entropy bonus. The paper's
 * RNN is replaced by a softmax per (position, previous token) — small, exact to differentiate by hand,
 * and enough for spaces whose decisions are a few tokens long.
 *
 * Samples that repeat a function already proposed are never proposed again; if its result is known
 * they are replayed into the batch with that reward (the paper's cache of evaluated strings).
 */
export class ControllerStrategy extends BaseStrategy<ControllerConfig, ControllerState> {
  private readonly policy: TabularPolicy;
  private buffer: Experience[];
  private readonly pendingLogProb: Map<string, number>;
  private readonly known: Map<string, number | null>;
  private minScore: number | null;
  private baseline: { mean: number; meanSq: number; count: number };
  private updates: number;
  private readonly sampler: MemberSampler;
  private readonly decisionsAt: (prefix: Genome) => readonly number[];

  constructor(domain: SearchDomain, config: ControllerConfig, seed: number, saved?: { base: BaseState; own: ControllerState }) {
    super('controller', domain, config, seed, saved?.base);
    const s = saved?.own;
    this.policy = new TabularPolicy(config.conditioning, config.temperature, s?.policy);
    this.buffer = s === undefined ? [] : s.buffer.map((e) => ({ ...e }));
    this.pendingLogProb = new Map(s?.pendingLogProb ?? []);
    this.known = new Map(s?.known ?? []);
    this.minScore = s?.minScore ?? null;
    this.baseline = { ...(s?.baseline ?? { mean: 0, meanSq: 0, count: 0 }) };
    this.updates = s?.updates ?? 0;
    this.sampler = new MemberSampler(domain, s?.sampler);
    this.decisionsAt = (prefix) => domain.view.decisionsAt(prefix);
  }

  /** The policy's distribution over the next decision after `prefix` (for inspection and tests). */
  probabilities(prefix: Genome): Map<number, number> {
    const allowed = this.decisionsAt(prefix);
    const p = this.policy.probabilities(this.policy.context(prefix), allowed);
    return new Map(allowed.map((t, i) => [t, p[i] as number]));
  }

  protected propose(n: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < n) {
      const p = this.proposeOne();
      if (p === undefined) break;
      out.push(p);
    }
    return out;
  }

  private proposeOne(): Proposal | undefined {
    for (let attempt = 0; attempt < this.config.maxResamples; attempt++) {
      const { genome, logProb } = this.policy.sample(this.rng, this.decisionsAt);
      const fingerprint = this.domain.fingerprint(genome);
      if (!this.isSeen(fingerprint)) {
        const p = this.emit(genome, fingerprint, { source: 'policy', probability: Math.exp(logProb) });
        this.pendingLogProb.set(p.id, logProb);
        return p;
      }
      if (this.config.replayDuplicates && this.known.has(fingerprint)) {
        this.learn({ genome, reward: this.known.get(fingerprint) ?? null, logProb });
      }
    }
    const d = this.sampler.next(this.rng, (fp) => this.isSeen(fp));
    if (d === undefined) return undefined;
    const logProb = this.policy.logProb(this.policy.steps(d.genome, this.decisionsAt));
    const p = this.emit(d.genome, d.fingerprint, { source: 'fallback', probability: Math.exp(logProb) });
    this.pendingLogProb.set(p.id, logProb);
    return p;
  }

  protected observe(proposal: Proposal, result: TrialResult): void {
    const logProb = this.pendingLogProb.get(proposal.id) ?? 0;
    this.pendingLogProb.delete(proposal.id);
    if (result.kind === 'failed') return; // not the function's fault: nothing to learn
    const reward = result.kind === 'score' ? result.value : null;
    if (reward !== null) this.minScore = this.minScore === null ? reward : Math.min(this.minScore, reward);
    this.known.set(proposal.fingerprint, reward);
    this.learn({ genome: proposal.genome, reward, logProb });
  }

  private learn(e: Experience): void {
    this.buffer.push(e);
    if (this.buffer.length >= this.config.batchSize) {
      this.update(this.buffer);
      this.buffer = [];
    }
  }

  private update(batch: readonly Experience[]): void {
    const numeric = batch.flatMap((e) => (e.reward === null ? [] : [e.reward]));
    const floor = this.config.rejectedReward ?? this.minScore ?? (numeric.length > 0 ? Math.min(...numeric) : 0);
    const rewards = batch.map((e) => e.reward ?? floor);

    // Baseline and scale: the EMA (bias-corrected) before this batch; the batch itself on the first one.
    let b: number;
    let spread: number;
    if (this.baseline.count === 0) {
      b = rewards.reduce((a, r) => a + r, 0) / rewards.length;
      spread = Math.sqrt(rewards.reduce((a, r) => a + (r - b) ** 2, 0) / rewards.length);
    } else {
      const correction = 1 - this.config.baselineDecay ** this.baseline.count;
      b = this.baseline.mean / correction;
      spread = Math.sqrt(Math.max(this.baseline.meanSq / correction - b * b, 0));
    }
    const scale = spread > 1e-12 ? spread : 1;
    const advantages = rewards.map((r) => Math.max(-MAX_ADVANTAGE, Math.min(MAX_ADVANTAGE, (r - b) / scale)));
    for (const r of rewards) {
      const d = this.config.baselineDecay;
      this.baseline.mean = d * this.baseline.mean + (1 - d) * r;
      this.baseline.meanSq = d * this.baseline.meanSq + (1 - d) * r * r;
      this.baseline.count++;
    }

    const steps: Step[][] = batch.map((e) => this.policy.steps(e.genome, this.decisionsAt));
    const lr = this.config.learningRate / batch.length;
    const epochs = this.config.algorithm === 'ppo' ? this.config.ppoEpochs : 1;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const grad: Gradient = new Map();
      batch.forEach((e, i) => {
        const a = advantages[i] as number;
        const st = steps[i] as Step[];
        let weight = a;
        if (this.config.algorithm === 'ppo') {
          const ratio = Math.exp(this.policy.logProb(st) - e.logProb);
          const eps = this.config.ppoClip;
          // The clipped surrogate min(ρA, clip(ρ)A) has zero gradient once ρ leaves the trust region.
          weight = (a > 0 && ratio > 1 + eps) || (a < 0 && ratio < 1 - eps) ? 0 : a * ratio;
        }
        this.policy.gradient(st, weight, this.config.entropyWeight, grad);
      });
      this.policy.apply(grad, lr);
    }
    this.updates++;
  }

  protected saveOwn(): ControllerState {
    return {
      policy: this.policy.toJSON(),
      buffer: this.buffer,
      pendingLogProb: [...this.pendingLogProb],
      known: [...this.known],
      minScore: this.minScore,
      baseline: { ...this.baseline },
      updates: this.updates,
      sampler: this.sampler.toJSON(),
    };
  }
}
