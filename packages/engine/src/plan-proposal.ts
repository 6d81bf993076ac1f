import { candidateIdentity, checkLayer, printCandidate, type Expr } from '@actsearch/expr';
import type { Proposal } from '@actsearch/search';
import { decode, type SearchSpace } from '@actsearch/spaces';
import { evaluationKey } from '@actsearch/core';
import { campaignKind, taskVersionOf, type CampaignFidelity, type StoredCampaignSpec } from './campaign-spec.ts';
import type { Prescreen, PrescreenVerdict } from './evaluation.ts';

/** One proposal made concrete: the function it denotes, its identity and the evaluations it needs. */
export interface PlannedCandidate {
  readonly proposal: Proposal;
  /** The text as proposed (the decoded genome, before canonicalization). */
  readonly expression: string;
  /** The canonical text: the Activation's display name, and what evaluators parse. */
  readonly canonical: string;
  /** The fingerprint of the canonical form: the Activation's identity. */
  readonly fingerprint: string;
  readonly fidelity: CampaignFidelity;
  /** One per task × seed, in the spec's order. */
  readonly keys: readonly EvaluationTarget[];
  /** Non-null when the pre-screen turned the function down (it is then never trained). */
  readonly verdict: PrescreenVerdict | null;
}

export interface EvaluationTarget {
  readonly key: string;
  readonly task: string;
  readonly taskVersion: number;
  readonly seed: number;
}

/**
 * decode → canonicalize → fingerprint → pre-screen. Pure and cheap (a few thousand float
 * evaluations), so the drive does it inline for every proposal. A layer campaign's candidates are
 * layers (docs/layers.md): their identity is the layer fingerprint, and in place of the activation
 * pre-screen (a grid over x, which says nothing about a function of a whole tensor) they get the
 * layer check — a statistic used, finite on the probe tensor — whose verdict is a pre-screen
 * rejection like any other. `rejection.prescreen: false` switches the activation pre-screen off, and
 * the layer check's probe; a member without a statistic is no layer and never trains.
 */
export function planProposal(
  space: SearchSpace,
  spec: StoredCampaignSpec,
  proposal: Proposal,
  prescreen: Prescreen | undefined,
): PlannedCandidate {
  const kind = campaignKind(spec);
  const decoded: Expr = decode(space, proposal.genome);
  const { expr: canonical, canonical: text, fingerprint: id } = candidateIdentity(decoded, kind);
  const fidelity = proposal.fidelity ?? spec.fidelity;
  const keys: EvaluationTarget[] = [];
  for (const task of spec.tasks) {
    const taskVersion = taskVersionOf(spec, task);
    for (const seed of spec.seeds)
      keys.push({ key: evaluationKey({ fingerprint: id, task, taskVersion, fidelity, seed }), task, taskVersion, seed });
  }
  const settings = spec.rejection.prescreen;
  let verdict: PrescreenVerdict | null = null;
  if (kind === 'layer') verdict = checkLayer(canonical, { finite: settings !== false });
  else if (prescreen !== undefined && settings !== false) verdict = prescreen(canonical, settings === true ? {} : settings);
  return { proposal, expression: printCandidate(decoded, kind), canonical: text, fingerprint: id, fidelity, keys, verdict };
}
