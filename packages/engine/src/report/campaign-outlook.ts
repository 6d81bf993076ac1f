import type { CandidateKind } from '@actsearch/expr';
import { isTerminalStatus, metricRangeOf, type Campaign, type MetricRange, type Store } from '@actsearch/store';
import { spentOf } from '../budget.ts';
import { campaignKind, storedSpecOf, taskVersionOf, type StoredCampaignSpec } from '../campaign-spec.ts';
import type { KnownTask } from '../context.ts';
import { finaleAnswer, referenceName, signed, type CampaignAnswer, type FinalistVerdict } from '../finale/answer.ts';
import { estimateFinale, summarize, trainingTime, type FinaleEstimate } from '../finale/estimate.ts';
import { planFinale, rankCandidatesForRead, storedRows, type FinalePlan } from '../finale/plan.ts';
import { FINALE_ALPHA, finaleResults, type FinaleResult } from '../finale/results.ts';
import { baselineIdentity } from '../finale/spec.ts';
import { referenceProgress } from '../reference/drive.ts';
import { searchBest, type SearchBest } from './search-best.ts';

/** The finale's progress: before it starts, its expected cost; while it runs, what is left and when it ends. */
export interface FinaleOutlook {
  readonly started: boolean;
  /** Evaluations planned (before the start: the upper bound of the estimate). */
  readonly total: number;
  readonly stored: number;
  readonly fraction: number;
  /** What the evaluations still to train cost (null once the campaign has stopped). */
  readonly estimate: FinaleEstimate | null;
  /** From `estimate` while the finale runs; null before it starts, after it ends, or when a task's speed is unknown. */
  readonly eta: { readonly seconds: number; readonly at: string } | null;
}

/** The reference activations and their training at the search's fidelity (counted apart from the budget). */
export interface ReferenceOutlook {
  readonly activations: readonly { readonly fingerprint: string; readonly text: string; readonly expression: string }[];
  /** Whether they are trained at the search's tasks, fidelity and seeds too. */
  readonly search: boolean;
  readonly total: number;
  readonly stored: number;
}

/** Where a campaign stands and what its answer is now. */
export interface CampaignOutlook {
  /** What the campaign searches (its stored spec's `kind`): read here, where the spec is parsed anyway. */
  readonly kind: CandidateKind;
  readonly phase: 'search' | 'finale' | 'finished';
  readonly answer: CampaignAnswer | null;
  readonly searchBest: SearchBest | null;
  readonly reference: ReferenceOutlook;
  /** Null when the campaign has no finale. */
  readonly finale: FinaleOutlook | null;
}

export interface OutlookOptions {
  /** The tasks the evaluators know: metric ranges and step counts (for the cost estimate). */
  readonly tasks?: readonly KnownTask[];
  readonly now?: Date;
}

/** The finale's full evidence, for whoever needs more than the outlook (the report). */
export interface FinaleEvidence {
  readonly plan: FinalePlan;
  readonly result: FinaleResult;
  readonly complete: boolean;
  readonly finalists: readonly FinalistVerdict[];
}

/**
 * Outlooks of stopped campaigns whose answer rests on a complete finale never change: kept per store,
 * for the task list they were computed with (its metric ranges shape the intervals).
 */
const settled = new WeakMap<Store, Map<string, { tasks: readonly KnownTask[] | undefined; outlook: CampaignOutlook }>>();
const SETTLED_MAX = 1_000;

/** The metric range of each task, from what the evaluators say about it. */
export function rangeLookup(tasks: readonly KnownTask[] | undefined): (task: string) => MetricRange | undefined {
  return (task) => metricRangeOf(tasks?.find((t) => t.id === task)?.metric);
}

/** Phase, answer, best so far, reference and finale progress of a campaign, from the store alone. */
export async function campaignOutlook(store: Store, campaign: Campaign, options: OutlookOptions = {}): Promise<CampaignOutlook> {
  const cache = settled.get(store);
  const cached = cache?.get(campaign.id);
  if (cached !== undefined && cached.tasks === options.tasks) return cached.outlook;
  const spec = storedSpecOf(campaign.spec);
  const { outlook } = await outlookWithEvidence(store, campaign, spec, options);
  if (isTerminalStatus(campaign.status) && outlook.answer?.basis === 'finale' && !outlook.answer.provisional) {
    const map = cache ?? new Map<string, { tasks: readonly KnownTask[] | undefined; outlook: CampaignOutlook }>();
    if (map.size >= SETTLED_MAX) map.delete(map.keys().next().value as string);
    map.set(campaign.id, { tasks: options.tasks, outlook });
    settled.set(store, map);
  }
  return outlook;
}

/** Search while the budget is not spent; finale after it until the campaign stops. */
export function phaseOf(
  campaign: Campaign,
  spec: StoredCampaignSpec,
  searchOver = spentOf(campaign) >= campaign.budget,
): 'search' | 'finale' | 'finished' {
  if (isTerminalStatus(campaign.status)) return 'finished';
  return searchOver && spec.finale.enabled ? 'finale' : 'search';
}

/** The outlook and, once the search is over, the finale's evidence it rests on. */
export async function outlookWithEvidence(
  store: Store,
  campaign: Campaign,
  spec: StoredCampaignSpec,
  options: OutlookOptions,
): Promise<{ outlook: CampaignOutlook; evidence: FinaleEvidence | null }> {
  const now = options.now ?? new Date();
  const rangeOf = rangeLookup(options.tasks);
  const searchOver = spentOf(campaign) >= campaign.budget;
  const phase = phaseOf(campaign, spec, searchOver);
  const referenceText = spec.reference.activations[0] ?? 'relu';
  const referenceFp = baselineIdentity(referenceText).fingerprint;
  const refProgress = await referenceProgress({ store }, spec);
  const reference: ReferenceOutlook = {
    activations: spec.reference.activations.map((text) => {
      const { fingerprint, expression } = baselineIdentity(text);
      return { fingerprint, text, expression };
    }),
    search: spec.reference.search,
    total: refProgress.total,
    stored: refProgress.stored,
  };
  const best = await searchBest(store, campaign, spec, referenceFp, rangeOf(spec.tasks[0] as string));
  const referenceShown = { fingerprint: referenceFp, expression: reference.activations[0]?.expression ?? referenceText };

  let evidence: FinaleEvidence | null = null;
  let finale: FinaleOutlook | null = null;
  if (spec.finale.enabled && !searchOver) {
    const estimate = isTerminalStatus(campaign.status) ? null : await estimateFinale(store, spec, options.tasks);
    finale = { started: false, total: estimate?.evaluations ?? 0, stored: 0, fraction: 0, estimate, eta: null };
  }
  if (spec.finale.enabled && searchOver) {
    const plan = await planFinale(store, campaign.id, spec, await rankCandidatesForRead(store, campaign, spec));
    const rows = await storedRows(
      store,
      plan.targets.map((t) => t.key),
    );
    const result = finaleResults(plan, rows, { rangeOf });
    const complete = result.stored === result.total;
    const { answer, finalists } = finaleAnswer(result, complete);
    evidence = { plan, result, complete, finalists };
    const estimate = complete || isTerminalStatus(campaign.status) ? null : await remainingCost(store, spec, plan, rows, options.tasks);
    const eta =
      estimate?.wallSeconds == null
        ? null
        : { seconds: Math.round(estimate.wallSeconds), at: new Date(now.getTime() + estimate.wallSeconds * 1000).toISOString() };
    finale = {
      started: true,
      total: result.total,
      stored: result.stored,
      fraction: result.total === 0 ? 1 : result.stored / result.total,
      estimate,
      eta,
    };
    if (answer !== null) {
      const stopped =
        isTerminalStatus(campaign.status) && !complete
          ? `the campaign ${campaign.status === 'done' ? 'ended' : `was ${campaign.status}`} before its finale completed; `
          : '';
      return {
        outlook: {
          kind: campaignKind(spec),
          phase,
          answer: { ...answer, reason: stopped + answer.reason },
          searchBest: best,
          reference,
          finale,
        },
        evidence,
      };
    }
  }
  const answer = best === null ? null : searchAnswer(best, spec, campaign, referenceShown, searchOver);
  return { outlook: { kind: campaignKind(spec), phase, answer, searchBest: best, reference, finale }, evidence };
}

/** What the finale's missing evaluations cost: per task, its own trainings so far, else the store's. */
async function remainingCost(
  store: Store,
  spec: StoredCampaignSpec,
  plan: FinalePlan,
  rows: ReadonlyMap<string, { durationMs: number | null; status: string; task: string }>,
  tasks: readonly KnownTask[] | undefined,
): Promise<FinaleEstimate> {
  const perTask = [];
  for (const task of plan.tasks) {
    const targets = plan.targets.filter((t) => t.task === task.id);
    const missing = targets.filter((t) => !rows.has(t.key)).length;
    const own = targets.map((t) => rows.get(t.key)).filter((r) => r !== undefined && r.status === 'done' && r.durationMs !== null);
    if (own.length > 0) {
      const seconds = own.reduce((s, r) => s + (r?.durationMs ?? 0), 0) / own.length / 1000;
      perTask.push({
        task: task.id,
        fidelity: plan.fidelity,
        seconds,
        basis: `${own.length} finale evaluation${own.length === 1 ? '' : 's'} so far`,
        evaluations: missing,
      });
    } else {
      const time = await trainingTime(
        store,
        task.id,
        taskVersionOf(spec, task.id),
        plan.fidelity,
        tasks?.find((k) => k.id === task.id),
      );
      perTask.push({ ...time, evaluations: missing });
    }
  }
  return summarize(perTask, spec.parallelism);
}

/** The answer while only the search speaks for it (search running, no finale, or stopped before one). */
function searchAnswer(
  best: SearchBest,
  spec: StoredCampaignSpec,
  campaign: Campaign,
  reference: { fingerprint: string; expression: string },
  searchOver: boolean,
): CampaignAnswer {
  const refName = referenceName({ reference });
  const vs = best.vsReference;
  const delta =
    best.fingerprint === reference.fingerprint
      ? `it is ${refName} itself`
      : vs === null
        ? `no seed in common with ${refName} yet`
        : `Δ ${refName} ${signed(vs.meanDiff)} over ${vs.n} paired seed${vs.n === 1 ? '' : 's'}`;
  const where = `on ${best.task} at ${best.fidelity} (${delta})`;
  let reason: string;
  let provisional = true;
  if (!spec.finale.enabled && campaign.status === 'done') {
    provisional = false;
    reason = `this campaign ran no finale: \`${best.expression}\` is its best by search score ${where}; it was not re-tested on more seeds or other tasks, so it is not a claim that it beats ${refName}`;
  } else if (isTerminalStatus(campaign.status)) {
    reason = `the campaign ${campaign.status === 'done' ? 'ended' : `was ${campaign.status}`} before a finale re-tested it: \`${best.expression}\` is its best by search score ${where}`;
  } else if (searchOver && spec.finale.enabled) {
    reason = `provisional: the finale has no score for a finalist yet; \`${best.expression}\` is the best by search score ${where}`;
  } else {
    const finale = spec.finale.enabled
      ? `; when the budget is spent the finale re-tests the top ${spec.finale.topK} against ${refName} at ${spec.finale.fidelity} on ${spec.tasks.length + spec.finale.transferTasks.filter((t) => !spec.tasks.includes(t)).length} task(s)`
      : '';
    reason = `provisional: the best by search score so far ${where}${finale}`;
  }
  return {
    fingerprint: best.fingerprint,
    expression: best.expression,
    canonical: best.canonical,
    heldUp: false,
    provisional,
    basis: 'search',
    reason,
    reference,
    alpha: FINALE_ALPHA,
    tasks: [
      {
        task: best.task,
        kind: 'search',
        fidelity: best.fidelity,
        rank: 1,
        n: vs?.n ?? best.n,
        mean: best.mean,
        meanDiff: vs?.meanDiff ?? null,
        ciLow: vs?.ciLow ?? null,
        ciHigh: vs?.ciHigh ?? null,
        clipped: vs?.clipped ?? 'none',
        // The best of many candidates is biased upward (the winner's curse): its p would mislead.
        p: null,
        pAdjusted: null,
        beats: false,
        missing: null,
      },
    ],
  };
}
