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
    ['apps/cli/src/commands/probe.ts', "import { serve } from '@actsearch/api';\nexport const s = serve;\n"],
    ['apps/cli/src/commands/probe.ts', "export const w = await import('@actsearch/worker');\n"],
    ['apps/api/src/probe.ts', "import type { CliIo } from '@actsearch/cli';\nexport type T = CliIo;\n"],
    ['apps/worker/src/probe.ts', "import { serve } from '@actsearch/api';\nexport const s = serve;\n"],
    ['apps/dashboard/src/probe.ts', "import type { ApiContext } from '@actsearch/api';\nexport type T = ApiContext;\n"],
    ['packages/engine/src/probe.ts', "import { serve } from '@actsearch/api';\nexport const s = serve;\n"],
    ['packages/expr/src/probe.ts', "import { serve } from '@actsearch/api';\nexport const s = serve;\n"],
  ])('%s: %s fails lint', async (filePath, code) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/never imports another app/);
  });

  it('lets an app import the runtime and the packages', async () => {
    const code =
      "import { startWorker } from '@actsearch/runtime';\nimport { parse } from '@actsearch/expr';\nexport const x = [startWorker, parse];\n";
    expect(await restrictedImports('apps/cli/src/commands/probe.ts', code)).toEqual([]);
  });
});
