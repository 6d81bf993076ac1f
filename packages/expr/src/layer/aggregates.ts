/**
 * The tensor aggregates of layer expressions (EvoNorm's statistics). They are not ops of the
 * element-wise op table: their value at one element depends on other elements of the layer input, so
 * `evaluate`, `compileExpr`, `derivative` and the activation exporters do not know them and refuse
 * them ("unknown op"). Layer code (`evaluateLayer`, the proxy's layer compiler, the layer exporters)
 * reads this table instead.
 *
 * Axes, for an input of shape N×C×H×W (N samples, C channels, H×W positions):
 * - batch:    per channel, over N·H·W — BatchNorm's statistics (running averages in evaluation mode);
 * - instance: per sample and channel, over H·W;
 * - group:    per sample and group of C/g consecutive channels, over (C/g)·H·W (`group_var(x, g)`);
 * - layer:    per sample, over C·H·W.
 * `*_mean` is the mean, `*_var` the biased (population) variance, as BatchNorm normalises with.
 */
export type AggregateAxis = 'batch' | 'instance' | 'group' | 'layer';
export type AggregateStat = 'mean' | 'var';

export interface AggregateDef {
  readonly name: string;
  readonly axis: AggregateAxis;
  readonly stat: AggregateStat;
  /** 1, or 2 for group aggregates (the second argument is the constant number of groups). */
  readonly arity: 1 | 2;
  readonly summary: string;
}

const AXES: readonly [AggregateAxis, string][] = [
  ['batch', 'per channel over batch and positions'],
  ['instance', 'per sample and channel over positions'],
  ['group', 'per sample and channel group over the group and positions'],
  ['layer', 'per sample over channels and positions'],
];

export const AGGREGATES: readonly AggregateDef[] = Object.freeze(
  AXES.flatMap(([axis, where]) =>
    (['mean', 'var'] as const).map((stat): AggregateDef =>
      Object.freeze({
        name: `${axis}_${stat}`,
        axis,
        stat,
        arity: axis === 'group' ? 2 : 1,
        summary: `${stat === 'mean' ? 'mean' : 'biased variance'} ${where}`,
      }),
    ),
  ),
);

const BY_NAME: ReadonlyMap<string, AggregateDef> = new Map(AGGREGATES.map((a) => [a.name, a]));

export function getAggregate(name: string): AggregateDef | undefined {
  return BY_NAME.get(name);
}

export function isAggregateName(name: string): boolean {
  return BY_NAME.has(name);
}

export function aggregateNames(): readonly string[] {
  return [...BY_NAME.keys()];
}
