import { describe, expect, it } from 'vitest';
import { STRATEGY_NAMES } from '@actsearch/search';
import { formatDelta, formatDuration, formatMeanInterval, formatScore } from '../../../apps/dashboard/src/lib/format.ts';
import { formFieldOf, groupFieldErrors } from '../../../apps/dashboard/src/lib/form-fields.ts';
import { formulaOf } from '../../../apps/dashboard/src/lib/formula-of.ts';
import { matchRoute } from '../../../apps/dashboard/src/lib/routes.ts';
import { grid, sampleExpression, sparkSamples } from '../../../apps/dashboard/src/lib/curves.ts';
import { sparkPath } from '../../../apps/dashboard/src/lib/spark-path.ts';
import { STRATEGIES } from '../../../apps/dashboard/src/lib/strategies.ts';

describe('the campaign form', () => {
  it('offers exactly the strategies the search package registers', () => {
    expect(STRATEGIES.map((s) => s.id).sort()).toEqual([...STRATEGY_NAMES].sort());
  });

  it('puts each API field error next to the field it names', () => {
    expect(formFieldOf('budget.candidates')).toBe('budget');
    expect(formFieldOf('tasks[0]')).toBe('task');
    expect(formFieldOf('strategy.config.population')).toBe('strategy');
    expect(formFieldOf('seeds[1]')).toBeNull();
    const grouped = groupFieldErrors([
      { path: 'budget.candidates', message: 'must be ≤ 100000' },
      { path: 'tasks[0]', message: "unknown task 'x'" },
      { path: 'tasks', message: 'tasks must not repeat' },
      { path: 'parallelism', message: 'must be ≤ 256' },
    ]);
    expect(grouped.byField).toEqual({ budget: 'must be ≤ 100000', task: "unknown task 'x'; tasks must not repeat" });
    expect(grouped.general).toEqual(['parallelism: must be ≤ 256']);
  });
});

describe('formatting', () => {
  it('writes a mean with the half-width of its interval, or the mean alone for one seed', () => {
    expect(formatMeanInterval(0.91234, 0.9, 0.92)).toBe('0.9123 ± 0.0100');
    expect(formatMeanInterval(0.91234, null, null)).toBe('0.9123');
    // Cut at the range: no longer symmetric, so both ends and the mark.
    expect(formatMeanInterval(0.999, 0.995, 1, 'high')).toBe('0.9990 [0.9950, 1.0000]†');
    expect(formatScore(null)).toBe('—');
  });

  it('signs differences with a real minus and durations in readable units', () => {
    expect(formatDelta(0.0123)).toBe('+0.0123');
    expect(formatDelta(-0.004)).toBe('−0.0040');
    expect(formatDelta(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7260)).toBe('2 h 1 min');
  });
});

describe('routes', () => {
  it('maps paths to pages and leaves unknown ones as not found', () => {
    expect(matchRoute('/')).toEqual({ page: 'campaigns' });
    expect(matchRoute('/campaigns/ab%20c/')).toEqual({ page: 'campaign', id: 'ab c' });
    expect(matchRoute('/leaderboard')).toEqual({ page: 'leaderboard' });
    expect(matchRoute('/activations/37ae150ecfb05f0d')).toEqual({ page: 'activation', fingerprint: '37ae150ecfb05f0d' });
    expect(matchRoute('/activations/NOT-HEX')).toEqual({ page: 'not-found', path: '/activations/NOT-HEX' });
  });
});

describe('curves', () => {
  it('samples an expression with the engine, gaps where it is not finite, null when it does not parse', () => {
    const xs = grid(-1, 1, 3);
    expect(Array.from(xs)).toEqual([-1, 0, 1]);
    expect(sampleExpression('relu(x)', xs)).toEqual([0, 0, 1]);
    expect(sampleExpression('log(x)', xs)?.slice(0, 2)).toEqual([null, null]);
    expect(sampleExpression('x +* 2', xs)).toBeNull();
    const swish = sampleExpression('swish(x)', xs) as number[];
    expect(swish[2]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });

  it('draws a sparkline inside its box, broken where f has gaps', () => {
    const { xs, ys } = sparkSamples('x');
    const { path, zeroY } = sparkPath(xs, ys as number[], 100, 20);
    expect(path.startsWith('M1.0 19.0')).toBe(true);
    expect(path.endsWith('L99.0 1.0')).toBe(true);
    expect(zeroY).toBeCloseTo(10, 6);
    const gap = sparkPath(Float64Array.from([0, 1, 2, 3]), [0, null, 1, 2], 40, 10).path;
    expect(gap.match(/M/g)).toHaveLength(2);
  });
});

describe('formulaOf', () => {
  it('takes the equation out of the LaTeX export file', () => {
    const file = '% header\n\\begin{equation}\n  f(x) = x \\cdot \\sigma\\left(x\\right)\n\\end{equation}\nwhere …\n';
    expect(formulaOf(file)).toBe('f(x) = x \\cdot \\sigma\\left(x\\right)');
    expect(formulaOf(null)).toBeNull();
  });
});
