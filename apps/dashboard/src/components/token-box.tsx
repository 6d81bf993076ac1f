/**
 * The bearer token for pause/resume/cancel and submissions, entered once and kept in localStorage.
 * The daemon prints its token at start; reads need none.
 */
import { useEffect, useState } from 'preact/hooks';
import { onTokenChange, readToken, writeToken } from '../lib/token.ts';

export function useToken(): string | null {
  const [token, setToken] = useState(readToken);
  useEffect(() => onTokenChange(setToken), []);
  return token;
}

export function TokenBox() {
  const token = useToken();
  const [draft, setDraft] = useState('');
  const [open, setOpen] = useState(false);
  if (token !== null && !open) {
    return (
      <div class="token-box">
        <span class="muted">token set</span>{' '}
        <button type="button" class="link-button" onClick={() => writeToken(null)}>
          forget
        </button>
      </div>
    );
  }
  return (
    <form
      class="token-box"
      onSubmit={(event) => {
        event.preventDefault();
        writeToken(draft);
        setDraft('');
        setOpen(false);
      }}
    >
      <label for="token-input">API token</label>
      <input
        id="token-input"
        type="password"
        autocomplete="off"
        placeholder="acts_…"
        value={draft}
        onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
      />
      <button type="submit" disabled={draft.trim() === ''}>
        Save
      </button>
    </form>
  );
}
