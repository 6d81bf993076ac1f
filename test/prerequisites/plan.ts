/**
 * What `npm test` does about the system tools its tests need when some are missing: install them
 * when it can (root, with apt-get: Debian's packages), else stop with one line that names what to
 * install. Services that are installed but stopped are started by scripts/ensure-services.sh; those
 * are never installed here. Pure: the probing and the running live in ensure.ts.
 */

export interface Requirement {
  /** What it is, for the one-line message: "Chromium (/usr/bin/chromium)". */
  readonly what: string;
  /** The Debian package that provides it, when apt can; none for a service to start. */
  readonly debianPackage?: string;
  /** What a user does about it without apt. */
  readonly hint: string;
}

export type InstallMode = 'auto' | 'never' | 'dry-run';

export interface Context {
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  /** ACTSEARCH_TEST_INSTALL: auto (default), never, or dry-run (simulate with apt-get -s). */
  readonly mode: InstallMode;
}

export type Plan =
  | { readonly action: 'none' }
  | { readonly action: 'install'; readonly packages: readonly string[]; readonly simulate: boolean }
  | { readonly action: 'fail'; readonly message: string };

export function parseInstallMode(value: string | undefined): InstallMode {
  const mode = value?.trim() || 'auto';
  if (mode !== 'auto' && mode !== 'never' && mode !== 'dry-run')
    throw new Error(`ACTSEARCH_TEST_INSTALL must be auto, never or dry-run, got '${mode}'`);
  return mode;
}

/** The one line naming everything that is missing and how to get it. */
export function missingMessage(missing: readonly Requirement[], context: Context): string {
  const packages = missing.flatMap((r) => (r.debianPackage === undefined ? [] : [r.debianPackage]));
  const items = missing.map(
    (r) => `${r.what}: ${r.debianPackage === undefined ? r.hint : `apt-get install ${r.debianPackage} (${r.hint})`}`,
  );
  const how =
    packages.length === 0
      ? ''
      : !context.hasAptGet
        ? ' — no apt-get here: install them with your package manager'
        : context.mode === 'never'
          ? ' — ACTSEARCH_TEST_INSTALL=never: install them yourself'
          : ` — run npm test as root to let it install them, or: sudo apt-get install ${packages.join(' ')}`;
  return `npm test needs ${items.join('; ')}${how}`;
}

export function planPrerequisites(missing: readonly Requirement[], context: Context): Plan {
  if (missing.length === 0) return { action: 'none' };
  const installable = missing.filter((r) => r.debianPackage !== undefined);
  const canInstall = context.hasAptGet && context.isRoot && context.mode !== 'never';
  // Everything apt can provide, once: a service that stays missing fails afterwards with its own line.
  if (canInstall && installable.length > 0) {
    return {
      action: 'install',
      packages: [...new Set(installable.map((r) => r.debianPackage as string))],
      simulate: context.mode === 'dry-run',
    };
  }
  return { action: 'fail', message: missingMessage(missing, context) };
}
