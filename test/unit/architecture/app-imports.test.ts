/**
 * The lint rule that keeps apps from importing one another (eslint.config.js): run on source text
 * placed at an app's path, it must fail an import of another app and pass one of a package.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted-') === true).map((m) => m.message);
}

describe('apps never import one another', () => {
  it.each([
    ['apps/cli/src/commands/probe.ts', "import { startWorker } from '@actsearch/worker';\nexport const s = startWorker;\n"],
    ['apps/cli/src/commands/probe.ts', "export const w = await import('@actsearch/worker');\n"],
    ['apps/worker/src/probe.ts', "import type { CliIo } from '@actsearch/cli';\nexport type T = CliIo;\n"],
    ['apps/worker/src/probe.ts', "export const d = await import('@actsearch/dashboard');\n"],
    ['apps/dashboard/src/probe.ts', "import type { CliIo } from '@actsearch/cli';\nexport type T = CliIo;\n"],
    ['packages/engine/src/probe.ts', "import { runCli } from '@actsearch/cli';\nexport const s = runCli;\n"],
    ['packages/http/src/probe.ts', "export const w = await import('@actsearch/worker');\n"],
    ['packages/expr/src/probe.ts', "import type { CliIo } from '@actsearch/cli';\nexport type T = CliIo;\n"],
  ])('%s: %s fails lint', async (filePath, code) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages[0]).toMatch(/never imports another app/);
  });

  it('keeps server code out of the dashboard, which may bundle the pure packages', async () => {
    const server = await restrictedImports(
      'apps/dashboard/src/probe.ts',
      "import type { ApiContext } from '@actsearch/http';\nexport type T = ApiContext;\n",
    );
    expect(server).toEqual([expect.stringMatching(/bundles only the pure packages/)]);
    const contract = await restrictedImports(
      'apps/dashboard/src/probe.ts',
      "import type { CampaignSummary } from '@actsearch/contract';\nexport type T = CampaignSummary;\n",
    );
    expect(contract).toEqual([]);
  });

  it('lets an app import the runtime and the packages', async () => {
    const code =
      "import { startWorker } from '@actsearch/runtime';\nimport { serve } from '@actsearch/http';\nimport { parse } from '@actsearch/expr';\nexport const x = [startWorker, serve, parse];\n";
    expect(await restrictedImports('apps/cli/src/commands/probe.ts', code)).toEqual([]);
  });
});
