/**
 * Trial protocol 1 (docs/trials.md): a trial writes JSON lines on stdout — `{"step": n, "metric": m}`
 * for each intermediate report and one final `{"metric": m, ...extra}` without `step`. Any other line
 * is the trial's own output: logged, never parsed further.
 */
export const TRIAL_PROTOCOL = 1;

export type TrialLine =
  | { readonly kind: 'report'; readonly step: number; readonly metric: number }
  | { readonly kind: 'final'; readonly metric: number; readonly extra: Readonly<Record<string, unknown>> }
  | { readonly kind: 'output'; readonly text: string };

/**
 * A metric that is not a finite number is kept as NaN or ±Infinity (Python's json writes `NaN` and
 * `Infinity`, which JSON.parse refuses, so they are read here by hand): it is the trial saying it
 * diverged, and the runner rejects it as such.
 */
function metricOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null) return NaN;
  return undefined;
}

const NON_FINITE = /(?<=[:[,]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g;

export function parseTrialLine(line: string): TrialLine {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return { kind: 'output', text: line };
  let data: unknown;
  try {
    data = JSON.parse(
      text.replace(NON_FINITE, (token) => `"__${token}__"`),
      (_key, value: unknown) => {
        if (value === '__NaN__') return NaN;
        if (value === '__Infinity__') return Infinity;
        if (value === '__-Infinity__') return -Infinity;
        return value;
      },
    );
  } catch {
    return { kind: 'output', text: line };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('metric' in data)) return { kind: 'output', text: line };
  const { metric: rawMetric, step, ...extra } = data as Record<string, unknown>;
  const metric = metricOf(rawMetric);
  if (metric === undefined) return { kind: 'output', text: line };
  if (step === undefined) return { kind: 'final', metric, extra };
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return { kind: 'output', text: line };
  return { kind: 'report', step, metric };
}
