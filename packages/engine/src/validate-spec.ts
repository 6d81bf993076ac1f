/**
 * The one validation of a submitted campaign spec: its shape (the contract's zod schema), then what
 * this deployment can run (the space, the tasks, the strategy and its config, the limits). It lives in
 * the engine because that is where the spec means something — the engine builds the strategy over the
 * space and trains the tasks — while the contract (packages/contract) only knows the shape, and the API
 * and the CLI know neither the catalogs nor the strategies' configs. The API passes the request body
 * here untouched (through Engine.submitCampaign); every problem comes back as one ValidationError
 * whose fields name the paths as the wire does (`tasks[1]`, `strategy.config.seeds[0]`).
 */
import { ParseError, ValidationError, type FieldError } from '@actsearch/core';
import { campaignRequestSchema, fieldErrors, messageOf, type CampaignSpec } from '@actsearch/contract';
import { parseCandidate, type CandidateKind } from '@actsearch/expr';
import { STRATEGY_NAMES, createStrategy, validateStrategyConfig, type HalvingConfig, type SurrogateConfig } from '@actsearch/search';
import { isGenome, type SearchSpace } from '@actsearch/spaces';
import type { KnownTask, SpaceLookup } from './context.ts';
import { kindProblems, spaceKind, withKindDefaults } from './layer-spec.ts';

/** What the submitter may ask for at most (the API's configured maxima). */
export interface SpecLimits {
  readonly maxBudget?: number;
  readonly maxParallelism?: number;
}

/** What a spec is checked against. */
export interface SpecCatalogs {
  readonly spaces: SpaceLookup;
  /** The tasks evaluators can train; undefined accepts any task id (an engine without a registry). */
  readonly tasks?: readonly KnownTask[];
  readonly limits?: SpecLimits;
}

function invalid(fields: readonly FieldError[]): ValidationError {
  const first = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return new ValidationError(`invalid campaign: ${first === undefined ? '' : `${first.path} ${first.message}`}${more}`, [...fields]);
}

/**
 * The shape alone: a spec as submitted (no `owner`: that comes from the caller's token, never from the
 * body), defaults filled in. Throws one ValidationError listing every field at fault.
 */
export function parseCampaignSpec(input: unknown): CampaignSpec {
  const parsed = campaignRequestSchema.safeParse(input, { error: messageOf });
  if (parsed.success) return parsed.data;
  throw invalid(fieldErrors(parsed.error, 'body'));
}

/**
 * The shape, then every reason the spec cannot run here; returns the spec with its defaults (a layer
 * campaign's reference and baselines are layers unless the body names them: layer-spec.ts).
 */
export function validateCampaignSpec(input: unknown, catalogs: SpecCatalogs): CampaignSpec {
  const parsed = parseCampaignSpec(input);
  const space = catalogs.spaces.has(parsed.space) ? catalogs.spaces.get(parsed.space) : undefined;
  const spec = space === undefined ? parsed : withKindDefaults(input, parsed, spaceKind(space));
  const fields = catalogProblems(spec, catalogs);
  if (fields.length > 0) throw invalid(fields);
  return spec;
}

function catalogProblems(spec: CampaignSpec, catalogs: SpecCatalogs): FieldError[] {
  const fields: FieldError[] = [];
  const space = catalogs.spaces.has(spec.space) ? catalogs.spaces.get(spec.space) : undefined;
  if (space === undefined) {
    fields.push({ path: 'space', message: `unknown space '${spec.space}' (known: ${catalogs.spaces.ids().join(', ')})` });
  }
  const known = catalogs.tasks?.map((task) => task.id);
  const unknownTask = (path: string) => (task: string, i: number) => {
    if (known !== undefined && !known.includes(task)) {
      fields.push({ path: `${path}[${i}]`, message: `unknown task '${task}' (known: ${known.join(', ')})` });
    }
  };
  spec.tasks.forEach(unknownTask('tasks'));
  if (spec.finale.enabled) spec.finale.transferTasks.forEach(unknownTask('finale.transferTasks'));
  if (space !== undefined) fields.push(...kindProblems(spec, space, catalogs.tasks));
  fields.push(...strategyProblems(spec, space));
  const { maxBudget, maxParallelism } = catalogs.limits ?? {};
  if (maxBudget !== undefined && spec.budget.candidates > maxBudget) {
    fields.push({ path: 'budget.candidates', message: `must be ≤ ${maxBudget}` });
  }
  if (maxParallelism !== undefined && spec.parallelism > maxParallelism) {
    fields.push({ path: 'parallelism', message: `must be ≤ ${maxParallelism}` });
  }
  return fields;
}

function strategyProblems(spec: CampaignSpec, space: SearchSpace | undefined): FieldError[] {
  const { name, config } = spec.strategy;
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) {
    return [{ path: 'strategy.name', message: `unknown strategy '${name}' (known: ${STRATEGY_NAMES.join(', ')})` }];
  }
  const prefixed = (error: ValidationError) => error.fields.map((f) => ({ path: `strategy.${f.path}`, message: f.message }));
  try {
    validateStrategyConfig(name, config);
  } catch (error) {
    if (error instanceof ValidationError) return prefixed(error);
    throw error;
  }
  const fields = startingPointProblems(name, config, 'strategy.config', space);
  if (fields.length > 0 || space === undefined) return fields;
  try {
    // Built once, as the first drive will: what a config can only be checked against the space.
    createStrategy(name, space, config, spec.seed);
  } catch (error) {
    if (error instanceof ValidationError) return prefixed(error);
    throw error;
  }
  return [];
}

/**
 * Starting points a strategy config names (the surrogate's baseline expressions and seed genomes,
 * also inside halving's inner strategy): each must parse as the space's kind (a layer space's
 * baselines are layers), and each genome must belong to the space.
 * The search registry validates a config's shape but not these against a space; until it does, the
 * engine checks them here, where the space is at hand.
 */
function startingPointProblems(name: string, config: unknown, path: string, space: SearchSpace | undefined): FieldError[] {
  if (name === 'halving') {
    const inner = (config as Partial<HalvingConfig> | undefined)?.inner;
    return typeof inner?.strategy === 'string' ? startingPointProblems(inner.strategy, inner.config, `${path}.inner.config`, space) : [];
  }
  if (name !== 'surrogate') return [];
  const surrogate = (config ?? {}) as Partial<Record<keyof SurrogateConfig, unknown>>;
  const fields: FieldError[] = [];
  const kind: CandidateKind = space === undefined ? 'activation' : spaceKind(space);
  if (Array.isArray(surrogate.baselines)) {
    surrogate.baselines.forEach((text: unknown, i) => {
      if (typeof text !== 'string') return;
      try {
        parseCandidate(text, kind);
      } catch (error) {
        if (!(error instanceof ParseError || error instanceof ValidationError)) throw error;
        fields.push({ path: `${path}.baselines[${i}]`, message: error.message });
      }
    });
  }
  if (Array.isArray(surrogate.seeds) && space !== undefined) {
    surrogate.seeds.forEach((genome: unknown, i) => {
      if (!isGenome(space, genome)) fields.push({ path: `${path}.seeds[${i}]`, message: `not a member of space '${space.id}'` });
    });
  }
  return fields;
}
