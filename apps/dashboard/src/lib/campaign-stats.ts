/**
 * What the campaign page derives from the candidate list: the score of each scored candidate and the
 * best so far in proposal order, the rejection breakdown, the top candidates and the lineage edges.
 * Scores are the task's metric, higher is better.
 */
import type { Candidate, Progress } from '../api/types.ts';

export interface ScoreSeries {
  /** Proposal order (0-based) of each point. */
  readonly x: number[];
  /** The candidate's score; null where it has none (rejected, failed, still running). */
  readonly score: (number | null)[];
  /** Best score among candidates up to and including this one; null before the first score. */
  readonly best: (number | null)[];
}

export function scoreSeries(candidates: readonly Candidate[]): ScoreSeries {
  const sorted = [...candidates].sort((a, b) => a.order - b.order);
  const out: ScoreSeries = { x: [], score: [], best: [] };
  let best: number | null = null;
  for (const c of sorted) {
    const score = c.score !== null && Number.isFinite(c.score) ? c.score : null;
    if (score !== null && (best === null || score > best)) best = score;
    out.x.push(c.order);
    out.score.push(score);
    out.best.push(best);
  }
  return out;
}

export const REJECTION_KINDS = ['prescreen', 'quality', 'stability', 'divergence', 'duplicate', 'failed'] as const;
export type RejectionKind = (typeof REJECTION_KINDS)[number];

export const REJECTION_LABELS: Readonly<Record<RejectionKind, string>> = {
  prescreen: 'pre-screen (non-finite, constant, linear, exploding)',
  quality: 'quality floor',
  stability: 'stability',
  divergence: 'divergence',
  duplicate: 'duplicate (stored evaluation reused)',
  failed: 'failed (error while training)',
};

/** A rejected candidate's reason starts with its test, e.g. `quality: accuracy 0.11 < 0.2 at step 30`. */
export function rejectionKind(reason: string | null): Exclude<RejectionKind, 'duplicate' | 'failed' | 'prescreen'> | 'prescreen' | null {
  const test = reason === null ? '' : (reason.split(':', 1)[0] ?? '').trim().toLowerCase();
  if (test === 'quality' || test === 'stability' || test === 'divergence' || test === 'prescreen') return test;
  return null;
}

/**
 * Counts per kind. The campaign's counters are exact for pre-screen rejections, reuses and failures;
 * the split of training-time rejections by test comes from the candidates' reasons (any the list does
 * not explain, e.g. beyond the candidates loaded, are counted as `other`).
 */
export function rejectionBreakdown(candidates: readonly Candidate[], progress: Progress | null): Record<RejectionKind | 'other', number> {
  const counts: Record<RejectionKind | 'other', number> = {
    prescreen: 0,
    quality: 0,
    stability: 0,
    divergence: 0,
    duplicate: 0,
    failed: 0,
    other: 0,
  };
  let rejectedSeen = 0;
  for (const c of candidates) {
    if (c.state === 'prescreen_rejected') counts.prescreen += 1;
    else if (c.state === 'reused') counts.duplicate += 1;
    else if (c.state === 'failed') counts.failed += 1;
    else if (c.state === 'rejected') {
      rejectedSeen += 1;
      const kind = rejectionKind(c.reason);
      if (kind === null) counts.other += 1;
      else counts[kind] += 1;
    }
  }
  if (progress !== null) {
    counts.prescreen = Math.max(counts.prescreen, progress.prescreenRejected);
    counts.duplicate = Math.max(counts.duplicate, progress.reused);
    counts.failed = Math.max(counts.failed, progress.failed);
    counts.other += Math.max(0, progress.rejected - rejectedSeen);
  }
  return counts;
}

/** The best `n` distinct functions (by fingerprint) with a score, best first. */
export function topCandidates(candidates: readonly Candidate[], n: number): Candidate[] {
  const byFingerprint = new Map<string, Candidate>();
  for (const c of candidates) {
    if (c.score === null || !Number.isFinite(c.score)) continue;
    const seen = byFingerprint.get(c.fingerprint);
    if (seen === undefined || (seen.score as number) < c.score) byFingerprint.set(c.fingerprint, c);
  }
  return [...byFingerprint.values()].sort((a, b) => (b.score as number) - (a.score as number) || a.order - b.order).slice(0, n);
}

export interface LineageEdge {
  readonly parent: Candidate | null;
  /** The parent's id as the strategy gave it, for parents not in the loaded list. */
  readonly parentId: string;
  readonly child: Candidate;
}

/** Parent → child edges of an evolutionary search, newest children first. */
export function lineageEdges(candidates: readonly Candidate[], limit: number): LineageEdge[] {
  const byProposal = new Map<string, Candidate>();
  for (const c of candidates) {
    byProposal.set(c.id, c);
    if (c.proposalId !== undefined) byProposal.set(c.proposalId, c);
  }
  const edges: LineageEdge[] = [];
  const children = [...candidates].filter((c) => c.lineage.parents.length > 0).sort((a, b) => b.order - a.order);
  for (const child of children) {
    for (const parentId of child.lineage.parents) {
      edges.push({ parent: byProposal.get(parentId) ?? null, parentId, child });
      if (edges.length >= limit) return edges;
    }
  }
  return edges;
}
