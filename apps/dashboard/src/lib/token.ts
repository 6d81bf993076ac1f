/**
 * The bearer token for mutating calls, kept in this browser's localStorage (the daemon prints one at
 * start). Subscribers hear every change, so the header and the forms agree.
 */
const KEY = 'actsearch.token';
const listeners = new Set<(token: string | null) => void>();

export function readToken(): string | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === null || value.trim() === '' ? null : value.trim();
  } catch {
    // Storage may be switched off; then the token lives nowhere and mutating calls go without it.
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token === null || token.trim() === '') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, token.trim());
  } catch {
    // See readToken.
  }
  const now = readToken();
  for (const listener of listeners) listener(now);
}

export function onTokenChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
