import { z } from 'zod';
import { ValidationError } from '@actsearch/core';
import { campaignSpecSchema, type CampaignSpec } from '@actsearch/contract';
import type { CandidateKind } from '@actsearch/expr';

// The spec's shape is wire contract (packages/contract/src/spec/campaign-spec.ts); what the engine
// adds is how a spec is read back from the store and which task versions it pinned.
export {
  CAMPAIGN_FIDELITIES,
  campaignSpecSchema,
  failurePolicySchema,
  rejectionSettingsSchema,
  type CampaignFidelity,
  type CampaignSpec,
  type CampaignSpecInput,
  type FailurePolicy,
  type PrescreenSettings,
  type RejectionSettings,
} from '@actsearch/contract';

/**
 * The spec as stored: the parsed spec plus the content hash of the space it was validated against and
 * the version of each task it names (search and transfer tasks) at submission, so the campaign's
 * evaluations all belong to those versions even if the daemon is upgraded under it.
 */
export interface StoredCampaignSpec extends CampaignSpec {
  readonly spaceHash: string;
  readonly taskVersions: Readonly<Record<string, number>>;
  /**
   * `layer` for a campaign over normalization-activation layers (a `kind: layer` space,
   * docs/layers.md); absent for activations, so every spec stored before layers reads as it did.
   */
  readonly kind?: 'layer';
}

/** What the campaign's candidates, references and baselines are: activations or layers. */
export function campaignKind(spec: Pick<StoredCampaignSpec, 'kind'>): CandidateKind {
  return spec.kind ?? 'activation';
}

/** The payload's `kind` field for this campaign's evaluations: set for layers only, as EvaluationPayload reads it. */
export function payloadKind(spec: Pick<StoredCampaignSpec, 'kind'>): { readonly kind?: 'layer' } {
  return spec.kind === 'layer' ? { kind: 'layer' } : {};
}

/** The version a campaign pinned for `task` (0: a task outside the registry, or a spec stored before versions). */
export function taskVersionOf(spec: StoredCampaignSpec, task: string): number {
  return spec.taskVersions[task] ?? 0;
}

/** Built once: zod compiles a schema's fast path on its first parse, and every campaign read parses a spec. */
const storedSpecSchema = campaignSpecSchema.extend({
  spaceHash: z.string().min(1),
  taskVersions: z.record(z.string(), z.number().int().min(0)).default({}),
  kind: z.literal('layer').optional(),
});

/** Reads back a stored spec (written by submitCampaign, so a mismatch is a bug or a hand edit). */
export function storedSpecOf(spec: unknown): StoredCampaignSpec {
  const parsed = storedSpecSchema.safeParse(spec);
  if (!parsed.success) {
    throw new ValidationError(
      'stored campaign spec is invalid',
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
