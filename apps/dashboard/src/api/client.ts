/**
 * The API over fetch: JSON in and out, the bearer token on mutating calls, and every non-2xx answer
 * turned into an ApiError that keeps the server's code and field errors for the forms.
 */
import { readToken } from '../lib/token.ts';
import type {
  Activation,
  Campaign,
  CampaignReportBody,
  CampaignRequest,
  CampaignSummary,
  Candidate,
  ErrorBody,
  FieldProblem,
  Leaderboard,
  Page,
  SpaceSummary,
  TaskInfo,
} from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = method === 'POST' ? readToken() : null;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): reported below with the status.
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) throw new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.fields ?? []);
    throw new ApiError(response.status, 'http_error', `${method} ${path} answered ${response.status} ${response.statusText}`);
  }
  return parsed as T;
}

function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const enc = encodeURIComponent;

export const api = {
  campaigns: (opts: { limit?: number; cursor?: string; status?: string } = {}, signal?: AbortSignal) =>
    request<Page<CampaignSummary>>('GET', `/api/campaigns${query(opts)}`, undefined, signal),
  campaign: (id: string, signal?: AbortSignal) => request<Campaign>('GET', `/api/campaigns/${enc(id)}`, undefined, signal),
  submit: (spec: CampaignRequest) => request<Campaign>('POST', '/api/campaigns', spec),
  transition: (id: string, verb: 'pause' | 'resume' | 'cancel') => request<Campaign>('POST', `/api/campaigns/${enc(id)}/${verb}`),
  candidates: (id: string, opts: { limit?: number; cursor?: string } = {}, signal?: AbortSignal) =>
    request<Page<Candidate>>('GET', `/api/campaigns/${enc(id)}/candidates${query(opts)}`, undefined, signal),
  leaderboard: (opts: { task?: string; fidelity?: string; limit?: number; cursor?: string; campaign?: string }, signal?: AbortSignal) =>
    request<Leaderboard>('GET', `/api/leaderboard${query(opts)}`, undefined, signal),
  activation: (fingerprint: string, signal?: AbortSignal) =>
    request<Activation>('GET', `/api/activations/${enc(fingerprint)}`, undefined, signal),
  spaces: (signal?: AbortSignal) => request<SpaceSummary[]>('GET', '/api/spaces', undefined, signal),
  tasks: (signal?: AbortSignal) => request<TaskInfo[]>('GET', '/api/tasks', undefined, signal),
  report: (id: string, signal?: AbortSignal) => request<CampaignReportBody>('GET', `/api/campaigns/${enc(id)}/report`, undefined, signal),
};

export const EXPORT_LANGS = [
  { id: 'pytorch', label: 'PyTorch' },
  { id: 'keras', label: 'Keras / TensorFlow' },
  { id: 'jax', label: 'JAX / Flax' },
  { id: 'tfjs', label: 'TF.js' },
  { id: 'numpy', label: 'NumPy' },
  { id: 'typescript', label: 'TypeScript' },
  { id: 'latex', label: 'LaTeX' },
] as const;

export function exportUrl(fingerprint: string, lang: string): string {
  return `/api/activations/${enc(fingerprint)}/export${query({ lang })}`;
}

/** The export file's text (for the clipboard). */
export async function exportText(fingerprint: string, lang: string): Promise<string> {
  const response = await fetch(exportUrl(fingerprint, lang));
  if (!response.ok) throw new ApiError(response.status, 'http_error', `export ${lang} answered ${response.status}`);
  return response.text();
}

/** The campaign's candidates in proposal order, every page up to `max`. */
export async function allCandidates(id: string, max: number, signal?: AbortSignal): Promise<Candidate[]> {
  const out: Candidate[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.candidates(id, { limit: 1000, ...(cursor === undefined ? {} : { cursor }) }, signal);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && out.length < max);
  return out;
}
