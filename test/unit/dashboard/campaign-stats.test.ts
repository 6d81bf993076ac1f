import { describe, expect, it } from 'vitest';
import type { Candidate, Progress } from '../../../apps/dashboard/src/api/types.ts';
import {
  lineageEdges,
  rejectionBreakdown,
  rejectionKind,
  scoreSeries,
  topCandidates,
} from '../../../apps/dashboard/src/lib/campaign-stats.ts';

function candidate(order: number, over: Partial<Candidate> = {}): Candidate {
  return {
    id: `c${order}`,
    order,
    proposalId: `p${order + 1}`,
    fingerprint: `f${order}`,
    expression: `x + ${order}`,
    canonical: `x + ${order}`,
    kind: 'activation',
    state: 'evaluated',
    reason: null,
    fidelity: 'screen',
    score: null,
    seeds: 0,
    lineage: { source: null, generation: null, parents: [] },
    meta: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const progress = (over: Partial<Progress>): Progress => ({
  budget: 10,
  completed: 0,
  proposed: 0,
  evaluated: 0,
  reused: 0,
  rejected: 0,
  prescreenRejected: 0,
  failed: 0,
  inFlight: 0,
  fraction: 0,
  ...over,
});

describe('scoreSeries', () => {
  it('keeps the running maximum in proposal order, whatever order the list came in', () => {
    const series = scoreSeries([
      candidate(2, { score: 0.5 }),
      candidate(0, { score: 0.7 }),
      candidate(1, { state: 'rejected' }),
      candidate(3, { score: 0.9 }),
    ]);
    expect(series.x).toEqual([0, 1, 2, 3]);
    expect(series.score).toEqual([0.7, null, 0.5, 0.9]);
    expect(series.best).toEqual([0.7, 0.7, 0.7, 0.9]);
  });

  it('has no best before the first score', () => {
    expect(scoreSeries([candidate(0, { state: 'queued' }), candidate(1, { score: 0.2 })]).best).toEqual([null, 0.2]);
  });
});

describe('rejectionBreakdown', () => {
  it('splits training-time rejections by the test their reason names', () => {
    expect(rejectionKind('quality: accuracy 0.59 on validation after 200 steps is below the floor 0.6')).toBe('quality');
    expect(rejectionKind('divergence: training loss became NaN at step 12')).toBe('divergence');
    expect(rejectionKind('something else')).toBeNull();
    const counts = rejectionBreakdown(
      [
        candidate(0, { state: 'prescreen_rejected', reason: 'linear: linear on the probe points' }),
        candidate(1, { state: 'rejected', reason: 'quality: below the floor' }),
        candidate(2, { state: 'rejected', reason: 'stability: gradient norm 1e9' }),
        candidate(3, { state: 'reused', score: 0.5 }),
        candidate(4, { state: 'failed', reason: 'worker crashed' }),
      ],
      null,
    );
    expect(counts).toEqual({ prescreen: 1, quality: 1, stability: 1, divergence: 0, duplicate: 1, failed: 1, other: 0 });
  });

  it('trusts the campaign counters for what the loaded candidates do not show', () => {
    const counts = rejectionBreakdown(
      [candidate(0, { state: 'rejected', reason: 'quality: low' })],
      progress({ rejected: 3, prescreenRejected: 4, reused: 2, failed: 1 }),
    );
    expect(counts).toMatchObject({ quality: 1, other: 2, prescreen: 4, duplicate: 2, failed: 1 });
  });
});

describe('topCandidates', () => {
  it('ranks distinct functions by score, keeping the better of two proposals of one function', () => {
    const top = topCandidates(
      [
        candidate(0, { fingerprint: 'a', score: 0.6 }),
        candidate(1, { fingerprint: 'b', score: 0.8 }),
        candidate(2, { fingerprint: 'a', score: 0.9 }),
        candidate(3, { fingerprint: 'c', score: null, state: 'rejected' }),
      ],
      5,
    );
    expect(top.map((c) => [c.fingerprint, c.score])).toEqual([
      ['a', 0.9],
      ['b', 0.8],
    ]);
  });
});

describe('lineageEdges', () => {
  it('links each child to its parents by proposal id, newest child first', () => {
    const list = [
      candidate(0),
      candidate(1),
      candidate(2, { lineage: { source: 'mutation', generation: 1, parents: ['p1'] } }),
      candidate(3, { lineage: { source: 'crossover', generation: 1, parents: ['p1', 'p2'] } }),
      candidate(4, { lineage: { source: 'mutation', generation: 2, parents: ['p99'] } }),
    ];
    const edges = lineageEdges(list, 10);
    expect(edges.map((e) => [e.parent?.id ?? null, e.parentId, e.child.id])).toEqual([
      [null, 'p99', 'c4'],
      ['c0', 'p1', 'c3'],
      ['c1', 'p2', 'c3'],
      ['c0', 'p1', 'c2'],
    ]);
    expect(lineageEdges(list, 2)).toHaveLength(2);
  });
});
