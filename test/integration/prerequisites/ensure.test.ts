/**
 * The first step of `npm test` as a process: with a Chromium that is not there (CHROMIUM_PATH points
 * nowhere; the real one stays installed for the other tests) it names the package in one line, or,
 * as root with apt-get, runs the install command — here simulated (apt-get -s), changing nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ENSURE = fileURLToPath(new URL('../../prerequisites/ensure.ts', import.meta.url));

function ensure(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', ENSURE], {
    cwd: REPO,
    env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npm test’s prerequisites step', () => {
  it('fails in one line naming the package when it may not install', () => {
    const result = ensure({ ACTSEARCH_TEST_INSTALL: 'never' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'npm test needs Chromium (/nonexistent/chromium): apt-get install chromium (or set CHROMIUM_PATH) — ACTSEARCH_TEST_INSTALL=never: install them yourself\n',
    );
  }, 120_000);

  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get'))(
    'as root with apt-get, runs the install command for it (simulated here)',
    () => {
      const result = ensure({ ACTSEARCH_TEST_INSTALL: 'dry-run' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('npm test would install: chromium (apt-get update && apt-get install -y chromium); simulating:');
      // apt resolves the package name: Debian's chromium exists (and is installed on this machine).
      expect(result.stdout).toMatch(/chromium is already the newest version|Inst chromium /);
    },
    120_000,
  );
});
