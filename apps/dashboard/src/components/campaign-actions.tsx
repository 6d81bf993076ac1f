/** Pause / resume / cancel, offered by status; 401 and 409 answers are shown, not swallowed. */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.ts';
import type { Campaign, CampaignStatus } from '../api/types.ts';

type Verb = 'pause' | 'resume' | 'cancel';

export function verbsFor(status: CampaignStatus): Verb[] {
  switch (status) {
    case 'queued':
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

const LABEL: Readonly<Record<Verb, string>> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel' };

export function CampaignActions(props: {
  readonly id: string;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly onDone: (c: Campaign) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const verbs = verbsFor(props.status);
  if (verbs.length === 0) return null;
  const run = async (verb: Verb) => {
    if (verb === 'cancel' && !confirm(`Cancel campaign “${props.name}”? Queued evaluations are dropped.`)) return;
    setBusy(true);
    setProblem(null);
    try {
      props.onDone(await api.transition(props.id, verb));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setProblem(err instanceof ApiError && err.status === 401 ? `${message} — enter the API token at the top right.` : message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="actions">
      {verbs.map((verb) => (
        <button key={verb} type="button" disabled={busy} onClick={() => void run(verb)} aria-label={`${LABEL[verb]} ${props.name}`}>
          {LABEL[verb]}
        </button>
      ))}
      {problem !== null && (
        <span class="field-error" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
