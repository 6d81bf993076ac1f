/** True when `a` is at least as good as `b` on every objective and better on one (higher is better). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? -Infinity;
    const y = b[i] ?? -Infinity;
    if (x < y) return false;
    if (x > y) better = true;
  }
  return better;
}

/** Indices of the non-dominated vectors, in input order. */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  const front: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as readonly number[];
    if (!points.some((q, j) => j !== i && dominates(q, p))) front.push(i);
  }
  return front;
}
