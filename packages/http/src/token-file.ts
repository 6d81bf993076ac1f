/**
 * The embedded daemon's token: generated on the first start and kept in the data folder (readable by
 * its owner only), so a restart keeps it and the CLI, run from the same folder, finds it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateToken } from './auth.ts';

export const TOKEN_FILE_NAME = 'token';

export function tokenFilePath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE_NAME);
}

/** The saved token, or a new one saved now. */
export function loadOrCreateToken(dataDir: string): { token: string; file: string; created: boolean } {
  const file = tokenFilePath(dataDir);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, file, created: false };
  }
  const token = generateToken();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, file, created: true };
}
