/**
 * `GET /api/activations/:fingerprint` (texts, features, evaluations, plot points) and its export as a
 * code file. Code is generated from the stored canonical text's AST, never pasted from user input.
 * The store holds layers beside activations (same rows, a layer expression as the text): each is
 * parsed as its kind says, gets no f(x) plot, and exports to the languages a layer has.
 */
import {
  EXPORT_LANG_ALIASES,
  EXPORT_LANGS,
  candidateKindOfText,
  describeCandidate,
  exportActivation,
  exportCandidate,
  exportLangsOf,
  features,
  parseCandidate,
  type CandidateKind,
  type ExportLang,
  type Expr,
} from '@actsearch/expr';
import { NotFoundError } from '@actsearch/core';
import type { Activation, Evaluation } from '@actsearch/store';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { Reply, RouteInput } from '../route.ts';
import { candidatePlot, jsonSafe } from '../plot.ts';
import type { fingerprintParams } from '../schemas/common.ts';

export const exportQuery = z.strictObject({
  lang: z
    .enum([...EXPORT_LANGS, ...Object.keys(EXPORT_LANG_ALIASES)] as [string, ...string[]])
    .transform((lang) => EXPORT_LANG_ALIASES[lang] ?? (lang as ExportLang))
    .describe(`target: ${EXPORT_LANGS.join(', ')} (aliases: ${Object.keys(EXPORT_LANG_ALIASES).join(', ')})`),
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an identifier: a letter, then letters, digits or _')
    .optional()
    .describe('base name of the generated function and class'),
});

type FingerprintInput = RouteInput<z.output<typeof fingerprintParams>, unknown, unknown>;

async function requireActivation(
  ctx: ApiContext,
  fingerprint: string,
): Promise<{ activation: Activation; kind: CandidateKind; expr: Expr }> {
  const activation = await ctx.store.activations.get(fingerprint);
  if (activation === null) throw new NotFoundError(`no activation with fingerprint ${fingerprint}`);
  const kind = candidateKindOfText(activation.canonical);
  return { activation, kind, expr: parseCandidate(activation.canonical, kind) };
}

/** A layer's statistics and known name (null for an activation). */
function layerParts(expr: Expr, kind: CandidateKind): { aggregates: string[]; knownLayer: string | null } | null {
  const d = describeCandidate(expr, kind);
  return d.kind === 'layer' ? { aggregates: d.aggregates, knownLayer: d.knownLayer } : null;
}

function evaluationView(e: Evaluation) {
  return {
    task: e.task,
    taskVersion: e.taskVersion,
    fidelity: e.fidelity,
    seed: e.seed,
    status: e.status,
    metric: e.metric,
    valLoss: e.valLoss,
    testMetric: e.testMetric,
    rejection: e.status === 'rejected' ? { test: e.rejectionTest, step: e.rejectionStep, reason: e.rejectionReason } : null,
    backend: e.backend,
    durationMs: e.durationMs,
    curve: e.curve,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The display formula alone (`f(x) = …`), without the export file's comments and environment. */
function latexOf(expr: Expr): string | null {
  try {
    const { code } = exportActivation(expr, 'latex');
    const body = /\\begin\{equation\}\s*([\s\S]*?)\s*\\end\{equation\}/.exec(code)?.[1];
    return body ?? null;
  } catch {
    return null;
  }
}

export async function getActivation(input: FingerprintInput, ctx: ApiContext): Promise<Reply> {
  const { activation, kind, expr } = await requireActivation(ctx, input.params.fingerprint);
  const evaluations = await ctx.store.evaluations.listForActivation(activation.fingerprint);
  return {
    status: 200,
    body: {
      fingerprint: activation.fingerprint,
      canonical: activation.canonical,
      kind,
      aliases: activation.aliases,
      latex: kind === 'activation' ? latexOf(expr) : null,
      features: jsonSafe(activation.features ?? (kind === 'activation' ? features(expr) : {})),
      evaluations: evaluations.map(evaluationView),
      ...candidatePlot(expr, kind),
      exportLangs: exportLangsOf(kind),
      layer: layerParts(expr, kind),
    },
  };
}

export async function exportActivationFile(
  input: RouteInput<z.output<typeof fingerprintParams>, z.output<typeof exportQuery>, unknown>,
  ctx: ApiContext,
): Promise<Reply> {
  const { activation, kind, expr } = await requireActivation(ctx, input.params.fingerprint);
  // A language the kind cannot export to is a ValidationError on `lang` (400, naming the languages it has).
  const result = exportCandidate(expr, kind, input.query.lang, {
    source: `actsearch ${kind} ${activation.fingerprint} (${activation.canonical})`,
    ...(input.query.name === undefined ? {} : { name: input.query.name }),
  });
  return { status: 200, file: { filename: result.filename, mimeType: result.mimeType, content: result.code } };
}
