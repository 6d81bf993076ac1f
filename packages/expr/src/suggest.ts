// Three rows of the dynamic-programming table, reused across calls (names are short).
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal-string-alignment distance: edits, with a swap of two neighbours counting as one. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (rows[0].length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

/**
 * The candidate closest to `name` when it is plausibly a typo: a case-insensitive match, or within
 * max(1, ⌊len/3⌋) edits. Ties go to the candidate whose length is closest, then alphabetical.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 64) return undefined;
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestKey = Infinity;
  for (const c of candidates) {
    const lengthGap = Math.abs(c.length - name.length);
    if (lengthGap > limit) continue;
    const cl = c.toLowerCase();
    const d = cl === lower ? -1 : editDistance(lower, cl);
    if (d > limit) continue;
    // Order by distance, then length gap, then alphabetically.
    const key = (d + 1) * 1000 + lengthGap;
    if (key < bestKey || (key === bestKey && best !== undefined && c < best)) {
      best = c;
      bestKey = key;
    }
  }
  return best;
}
