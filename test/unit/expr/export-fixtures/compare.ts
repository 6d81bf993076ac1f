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

/** A float64 export against the engine's float64 value: the same NaN/±Inf class, 1e-6 relative (1e-9 absolute near 0). */
export function agreesFloat64(got: number, want: number): boolean {
  return classOf(got) === classOf(want) && (classOf(want) !== 'finite' || close(got, want, 1e-6, 1e-3));
}

/** The first point where `got` and `want` disagree under `agrees`, as a Mismatch of `label`; null if none. */
export function firstMismatch(
  label: string,
  points: readonly number[],
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  agrees: (got: number, want: number) => boolean = agreesFloat64,
): Mismatch | null {
  const i = points.findIndex((_, j) => !agrees(got[j] as number, want[j] as number));
  return i < 0 ? null : { expr: label, x: points[i] as number, got: got[i] as number, want: want[i] as number };
}
