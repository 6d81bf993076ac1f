import { familiarActivation, knownLayerByFingerprint } from '@actsearch/expr';
import type { IntervalClipping } from '@actsearch/store';
import { beatsReference, meanRank, unscoredText, type FinaleResult, type FinaleRow } from './results.ts';

/** How the answer fared on one task, against the reference. */
export interface AnswerTask {
  readonly task: string;
  readonly kind: 'search' | 'transfer';
  readonly fidelity: string;
  /** Rank by mean among everything evaluated there; null without a score. */
  readonly rank: number | null;
  readonly n: number;
  readonly mean: number | null;
  /** Δ reference: the paired mean difference over common seeds; null without one. */
  readonly meanDiff: number | null;
  /** 95 % interval of Δ, cut at the range a difference can take. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly clipped: IntervalClipping;
  /** One-sided p for "better than the reference", raw and Holm-adjusted over the finale; null in the search. */
  readonly p: number | null;
  readonly pAdjusted: number | null;
  /** Better with an adjusted p below the threshold (always false without a finale's test). */
  readonly beats: boolean;
  /** Why there is no score (`rejected on 3 of 3 seeds`), else null. */
  readonly missing: string | null;
}

/**
 * The campaign's answer: the activation a user takes away, and whether it is a claim that held up. It
 * held up when it beat the reference on every finale task with a Holm-adjusted p < alpha; otherwise
 * it is the best candidate there is, and `reason` says in plain words why it is not more than that.
 */
export interface CampaignAnswer {
  readonly fingerprint: string | null;
  /** The familiar text of the function (`x * sigmoid(x)`). */
  readonly expression: string | null;
  readonly canonical: string | null;
  readonly heldUp: boolean;
  /** True until the finale is complete (or, without a finale, until the search is). */
  readonly provisional: boolean;
  /** What it rests on: the finale's tests, the search's scores, or nothing yet. */
  readonly basis: 'finale' | 'search' | 'none';
  readonly reason: string;
  readonly reference: { readonly fingerprint: string; readonly expression: string };
  readonly alpha: number;
  readonly tasks: readonly AnswerTask[];
}

/** One finalist's record against the reference: held up, or where and by how much it missed. */
export interface FinalistVerdict {
  readonly fingerprint: string;
  readonly expression: string;
  readonly searchRank: number | null;
  readonly meanRank: number;
  readonly heldUp: boolean;
  /** `held up`, or the tasks where it fell short and by how much, in plain words. */
  readonly verdict: string;
  readonly tasks: readonly AnswerTask[];
}

/** The finale's answer and every finalist's verdict; null answer while no finalist has a score. */
export function finaleAnswer(result: FinaleResult, complete: boolean): { answer: CampaignAnswer | null; finalists: FinalistVerdict[] } {
  const refName = referenceName(result);
  const finalists = finalistRows(result)
    .map((fp): FinalistVerdict => {
      const tasks = result.tasks.map((task) =>
        answerTask(
          result,
          task.task,
          task.kind,
          task.rows.find((r) => r.fingerprint === fp),
        ),
      );
      const held = result.holdsUp.includes(fp);
      const first = result.tasks[0]?.rows.find((r) => r.fingerprint === fp);
      return {
        fingerprint: fp,
        expression: first?.expression ?? fp,
        searchRank: first?.searchRank ?? null,
        meanRank: meanRank(result.tasks, fp),
        heldUp: held,
        verdict: held ? 'held up' : missedText(tasks, refName),
        tasks,
      };
    })
    .sort(
      (a, b) => Number(b.heldUp) - Number(a.heldUp) || a.meanRank - b.meanRank || (a.searchRank ?? Infinity) - (b.searchRank ?? Infinity),
    );
  const best = finalists.find((f) => f.tasks.some((t) => t.mean !== null));
  if (best === undefined) return { answer: null, finalists };
  const provisional = !complete;
  const heldUp = complete && best.heldUp;
  const n = result.tasks.length;
  const taskWord = `${n === 1 ? 'the' : `all ${n}`} finale task${n === 1 ? '' : 's'}`;
  const so = `Holm-adjusted one-sided p < ${result.alpha} over ${result.comparisons} comparison${result.comparisons === 1 ? '' : 's'}`;
  let reason: string;
  if (heldUp) {
    reason = `\`${best.expression}\` beat ${refName} on ${taskWord} (${so}): ${joinWords(best.tasks.map((t) => `${signed(t.meanDiff)} on ${t.task}`))}`;
  } else if (best.heldUp) {
    reason = `so far \`${best.expression}\` beats ${refName} on ${taskWord} (${so}); ${result.stored} of ${result.total} finale evaluations are in, so this may still change`;
  } else {
    const lead = complete
      ? `no candidate beat ${refName} on ${taskWord} (${so})`
      : `so far no candidate beats ${refName} on ${taskWord} (${so}; ${result.stored} of ${result.total} finale evaluations are in)`;
    reason = `${lead}; the best by mean rank, \`${best.expression}\`, ${joinWords(best.tasks.map((t) => taskPhrase(t, refName)))}`;
  }
  return {
    answer: {
      fingerprint: best.fingerprint,
      expression: best.expression,
      canonical: result.tasks[0]?.rows.find((r) => r.fingerprint === best.fingerprint)?.canonical ?? best.expression,
      heldUp,
      provisional,
      basis: 'finale',
      reason,
      reference: { fingerprint: result.reference.fingerprint, expression: result.reference.expression },
      alpha: result.alpha,
      tasks: best.tasks,
    },
    finalists,
  };
}

/** The reference as people call it: `ReLU`, a known layer's name (`bn_relu`), or its text. */
export function referenceName(result: { readonly reference: { readonly fingerprint: string; readonly expression: string } }): string {
  const fp = result.reference.fingerprint;
  return familiarActivation(fp)?.name ?? knownLayerByFingerprint(fp)?.name ?? `\`${result.reference.expression}\``;
}

function finalistRows(result: FinaleResult): string[] {
  const out: string[] = [];
  for (const row of result.tasks[0]?.rows ?? [])
    if (row.finalist && row.fingerprint !== result.reference.fingerprint) out.push(row.fingerprint);
  return out;
}

function answerTask(result: FinaleResult, task: string, kind: 'search' | 'transfer', row: FinaleRow | undefined): AnswerTask {
  const vs = row?.vsReference ?? null;
  return {
    task,
    kind,
    fidelity: result.fidelity,
    rank: row?.rank ?? null,
    n: vs?.n ?? row?.stats?.n ?? 0,
    mean: row?.stats?.mean ?? null,
    meanDiff: vs?.meanDiff ?? null,
    ciLow: vs?.ciLow ?? null,
    ciHigh: vs?.ciHigh ?? null,
    clipped: vs?.clipped ?? 'none',
    p: vs?.p ?? null,
    pAdjusted: vs?.pAdjusted ?? null,
    beats: beatsReference(row, result.alpha),
    missing: row === undefined || row.stats !== null ? null : unscoredText(row),
  };
}

/** What one task says about a candidate, in words: `lost to ReLU on fashion-resmlp by 0.1500`. */
export function taskPhrase(t: AnswerTask, refName: string): string {
  if (t.mean === null) return `has no score on ${t.task}${t.missing === null ? '' : ` (${t.missing})`}`;
  if (t.meanDiff === null) return `has no seed in common with ${refName} on ${t.task}`;
  // `was best on spirals-mlp and beat ReLU there by …` / `beat ReLU on spirals-mlp by …`.
  const where = t.rank === 1 ? `was best on ${t.task} and ` : '';
  const on = t.rank === 1 ? 'there' : `on ${t.task}`;
  if (t.beats) return `${where}beat ${refName} ${on} by ${signed(t.meanDiff)} (adjusted p = ${pText(t.pAdjusted)})`;
  if (t.meanDiff > 0) {
    const p = t.pAdjusted === null ? `${t.n} paired seed${t.n === 1 ? '' : 's'}, too few to test` : `adjusted p = ${pText(t.pAdjusted)}`;
    return `${where}was ahead of ${refName} ${on} by ${signed(t.meanDiff)}, not significantly (${p})`;
  }
  if (t.meanDiff === 0) return `tied with ${refName} on ${t.task}`;
  return `lost to ${refName} on ${t.task} by ${Math.abs(t.meanDiff).toFixed(4)}`;
}

function missedText(tasks: readonly AnswerTask[], refName: string): string {
  const short = tasks.filter((t) => !t.beats);
  return `missed: ${short.map((t) => taskPhrase(t, refName)).join('; ')}`;
}

function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function signed(v: number | null): string {
  if (v === null) return '—';
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)}`;
}

export function pText(p: number | null): string {
  if (p === null) return '—';
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}
