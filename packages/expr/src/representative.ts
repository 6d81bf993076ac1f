import { parse } from './parse.ts';
import { compareExpr } from './tree.ts';

/**
 * Orders texts of one function simplest first: fewer nodes, then `compareExpr`'s order (op names,
 * then arguments), then the text itself; text that does not parse comes last. A total order on
 * texts, so the simplest of a set never depends on the order in which its texts arrived.
 */
export function compareSimplicity(a: string, b: string): number {
  if (a === b) return 0;
  const ea = parseOrNull(a);
  const eb = parseOrNull(b);
  if (ea === null || eb === null) return ea === eb ? (a < b ? -1 : 1) : ea === null ? 1 : -1;
  return compareExpr(ea, eb) || (a < b ? -1 : 1);
}

/** The simplest of these texts by `compareSimplicity` (the representative of their class). */
export function simplestText(texts: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const text of texts) if (best === undefined || compareSimplicity(text, best) < 0) best = text;
  return best;
}

/** The text as an activation, else as a layer (a layer's texts are ordered by their structure too). */
function parseOrNull(text: string): ReturnType<typeof parse> | null {
  try {
    return parse(text);
  } catch {
    try {
      return parse(text, { layer: true });
    } catch {
      return null;
    }
  }
}
