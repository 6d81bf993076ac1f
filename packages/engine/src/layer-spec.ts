/**
 * What a campaign's kind of candidate asks of its spec (docs/layers.md). A campaign over a layer space
 * (`kind: layer`) searches normalization-activation layers: its reference and finale baselines are
 * layers (by default BatchNorm + ReLU, as the EvoNorm paper compares with, and the known layers), its
 * tasks are proxy networks a layer can replace the normalization + activation of, and its pre-screen
 * is the layer check. An activation campaign names activations only. validate-spec.ts calls these as
 * part of the one validation.
 */
import type { FieldError } from '@actsearch/core';
import { DEFAULT_LAYER_FINALE_BASELINES, DEFAULT_LAYER_REFERENCE, parseBaseline, type CampaignSpec } from '@actsearch/contract';
import { aggregatesOf, groupsOf, KNOWN_LAYERS, type CandidateKind } from '@actsearch/expr';
import type { SearchSpace } from '@actsearch/spaces';
import type { KnownTask, TaskArchitecture } from './context.ts';

/** The kind of the space's members. */
export function spaceKind(space: SearchSpace): CandidateKind {
  return space.kind === 'layer' ? 'layer' : 'activation';
}

/**
 * The spec with its kind's defaults: the schema fills in an activation reference (ReLU) and baselines
 * (ReLU, Swish, GELU) wherever the submitter named none, so for a layer campaign those the submitter
 * did not write (`input` is the body as submitted) become the layer defaults.
 */
export function withKindDefaults(input: unknown, spec: CampaignSpec, kind: CandidateKind): CampaignSpec {
  if (kind !== 'layer') return spec;
  const body = fieldsOf(input);
  // `reference` is a list, one text, or an object whose `activations` may be left to the default.
  const reference = body.reference;
  const namedReference =
    reference !== undefined && (typeof reference !== 'object' || Array.isArray(reference) || 'activations' in fieldsOf(reference));
  return {
    ...spec,
    reference: namedReference ? spec.reference : { ...spec.reference, activations: [...DEFAULT_LAYER_REFERENCE] },
    finale: 'baselines' in fieldsOf(body.finale) ? spec.finale : { ...spec.finale, baselines: [...DEFAULT_LAYER_FINALE_BASELINES] },
  };
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Every field of the spec that its kind of candidate cannot run with. */
export function kindProblems(spec: CampaignSpec, space: SearchSpace, tasks: readonly KnownTask[] | undefined): FieldError[] {
  const kind = spaceKind(space);
  const fields: FieldError[] = [];
  const baselines = (path: string, texts: readonly string[]) =>
    texts.forEach((text, i) => {
      const problem = baselineKindProblem(text, kind, space.id);
      if (problem !== null) fields.push({ path: `${path}[${i}]`, message: problem });
    });
  baselines('reference.activations', spec.reference.activations);
  if (spec.finale.enabled) baselines('finale.baselines', spec.finale.baselines);
  if (kind !== 'layer') return fields;

  if (typeof spec.rejection.prescreen === 'object') {
    fields.push({
      path: 'rejection.prescreen',
      message:
        "the activation pre-screen's options do not apply to layers: a layer campaign's pre-screen is the layer check (a statistic used, finite on the probe tensor), true or false",
    });
  }
  const groups = spaceGroups(space);
  const taskProblems = (path: string, ids: readonly string[]) =>
    ids.forEach((id, i) => {
      const task = tasks?.find((t) => t.id === id);
      const problem = task === undefined ? null : layerTaskProblem(task, groups, space.id);
      if (problem !== null) fields.push({ path: `${path}[${i}]`, message: problem });
    });
  taskProblems('tasks', spec.tasks);
  if (spec.finale.enabled) taskProblems('finale.transferTasks', spec.finale.transferTasks);
  return fields;
}

function baselineKindProblem(text: string, kind: CandidateKind, spaceId: string): string | null {
  let actual: CandidateKind;
  try {
    actual = parseBaseline(text).kind;
  } catch {
    return null; // the schema reported the text that does not parse
  }
  if (actual === kind) return null;
  if (kind === 'layer') {
    return `'${text}' is an activation, but '${spaceId}' is a layer space: its campaigns compare layers — name a known layer (${KNOWN_LAYERS.map((l) => l.name).join(', ')}) or write a layer expression`;
  }
  return `'${text}' is a normalization-activation layer, but '${spaceId}' is an activation space: its campaigns compare activations`;
}

function layerTaskProblem(task: KnownTask, groups: readonly number[], spaceId: string): string | null {
  if (task.kind === 'command') {
    return `task '${task.id}' is a command task: its trials take an exported element-wise activation, and layers of '${spaceId}' train only on the built-in proxy networks`;
  }
  const widths = task.architecture === undefined ? [] : layerWidths(task.architecture);
  for (const width of widths) {
    const g = groups.find((count) => width % count !== 0);
    if (g !== undefined) {
      return `task '${task.id}' has a layer of ${width} channels, which the ${g} groups of '${spaceId}''s group statistics do not divide`;
    }
  }
  return null;
}

/** How many channels each layer of the network sees (the activation's places). */
function layerWidths(architecture: TaskArchitecture): readonly number[] {
  switch (architecture.kind) {
    case 'mlp':
      return architecture.hidden;
    case 'residual-mlp':
      return [architecture.width];
    case 'cnn':
      return architecture.channels;
    default:
      return [];
  }
}

/** The group counts the space's operators use (`group_var(x, 4)`: 4). */
function spaceGroups(space: SearchSpace): number[] {
  const groups = new Set<number>();
  for (const op of [...space.unary, ...space.binary]) {
    for (const { node, def } of aggregatesOf(op.template)) if (def.arity === 2) groups.add(groupsOf(node));
  }
  return [...groups];
}
