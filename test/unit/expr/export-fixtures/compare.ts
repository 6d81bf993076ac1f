/** Agreement of two evaluations of the same function: matching NaN/±Inf positions, close finite values. */

export type ValueClass = 'nan' | '+inf' | '-inf' | 'finite';

export function classOf(v: number): ValueClass {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return '+inf';
  if (v === -Infinity) return '-inf';
  return 'finite';
}

/** |got − want| ≤ rel·max(|want|, floor): relative agreement, absolute (rel·floor) near 0. */
export function close(got: number, want: number, rel: number, floor: number): boolean {
  return Math.abs(got - want) <= rel * Math.max(Math.abs(want), floor);
}

export interface Mismatch {
  readonly expr: string;
  readonly x: number;
  readonly got: number;
  readonly want: number;
}
