/**
 * Bearer tokens for mutating routes. Only SHA-256 digests are kept in memory, and a presented token is
 * hashed and compared with every digest in constant time, so neither timing nor a heap dump reveals a
 * token. `ACTSEARCH_TOKENS` holds plain tokens or `sha256:<hex>` digests, comma-separated.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '@actsearch/core';

/** Who made a request: a short, non-secret id derived from the token's digest. */
export interface Principal {
  readonly id: string;
}

export interface TokenVerifier {
  /** Whether any token is configured; without one, mutating routes are open (localhost use). */
  readonly enabled: boolean;
  /** The principal for an `Authorization` header value; throws UnauthorizedError. */
  authenticate(header: string | undefined): Principal;
  /** The principal when the header carries a valid token, else null (never throws). */
  identify(header: string | undefined): Principal | null;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new random token, e.g. for the embedded daemon's first start. */
export function generateToken(): string {
  return `acts_${randomBytes(24).toString('base64url')}`;
}

/** Parses `ACTSEARCH_TOKENS`: plain tokens are hashed at once, `sha256:<64 hex>` entries are kept. */
export function parseTokenList(value: string | undefined): Buffer[] {
  if (value === undefined) return [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return entries.map((entry, i) => {
    if (!entry.startsWith('sha256:')) return digest(entry);
    const hex = entry.slice('sha256:'.length);
    if (!/^[0-9a-f]{64}$/i.test(hex)) {
      throw new ValidationError('invalid ACTSEARCH_TOKENS entry', [
        { path: `ACTSEARCH_TOKENS[${i}]`, message: 'sha256: must be followed by 64 hex digits' },
      ]);
    }
    return Buffer.from(hex, 'hex');
  });
}

export function tokenVerifier(digests: readonly Buffer[]): TokenVerifier {
  const identify = (header: string | undefined): Principal | null => {
    const match = header === undefined ? null : /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (match === null) return null;
    const presented = digest(match[1] as string);
    let found: Buffer | undefined;
    // Compare with every digest, without stopping early, so the time says nothing about which matched.
    for (const known of digests) {
      if (timingSafeEqual(presented, known) && found === undefined) found = known;
    }
    return found === undefined ? null : { id: found.toString('hex').slice(0, 12) };
  };
  return {
    enabled: digests.length > 0,
    identify,
    authenticate(header) {
      if (header === undefined || header.length === 0) throw new UnauthorizedError('this route needs Authorization: Bearer <token>');
      const principal = identify(header);
      if (principal === null) throw new UnauthorizedError('the bearer token is not valid');
      return principal;
    },
  };
}
