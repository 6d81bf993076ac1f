import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError } from '@actsearch/core';
import { generateToken, parseTokenList, tokenVerifier } from '../../../packages/http/src/auth.ts';

describe('bearer tokens', () => {
  it('accepts each configured token, plain or as a sha256 digest, and identifies it by a digest prefix', () => {
    const digest = createHash('sha256').update('second').digest('hex');
    const verifier = tokenVerifier(parseTokenList(` first , sha256:${digest},`));
    expect(verifier.enabled).toBe(true);
    const first = verifier.authenticate('Bearer first');
    expect(first.id).toBe(createHash('sha256').update('first').digest('hex').slice(0, 12));
    expect(verifier.authenticate('bearer   second').id).toBe(digest.slice(0, 12));
  });

  it('refuses a missing, malformed or unknown token with UnauthorizedError', () => {
    const verifier = tokenVerifier(parseTokenList('secret-token'));
    for (const header of [undefined, '', 'secret-token', 'Basic secret-token', 'Bearer', 'Bearer wrong', 'Bearer secret-token extra']) {
      expect(() => verifier.authenticate(header), String(header)).toThrow(UnauthorizedError);
      expect(verifier.identify(header)).toBeNull();
    }
  });

  it('is disabled without tokens, and rejects a malformed digest entry naming it', () => {
    expect(tokenVerifier(parseTokenList(undefined)).enabled).toBe(false);
    expect(() => parseTokenList('ok,sha256:xyz')).toThrow(ValidationError);
    try {
      parseTokenList('ok,sha256:xyz');
    } catch (err) {
      expect((err as ValidationError).fields).toEqual([
        { path: 'ACTSEARCH_TOKENS[1]', message: 'sha256: must be followed by 64 hex digits' },
      ]);
    }
  });

  it('generates distinct url-safe tokens', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^acts_[A-Za-z0-9_-]{32}$/);
  });
});
