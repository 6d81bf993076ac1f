import tseslint from 'typescript-eslint';

// Apps are thin and never import one another: what two apps share lives in a package, and the
// assembly of a process lives in @actsearch/runtime (docs/architecture.md, "Layers and folders").
const APPS = ['worker', 'cli', 'dashboard'];
const NO_EVAL = { selector: "CallExpression[callee.name='eval']", message: 'Expressions are data: never eval user input.' };
const otherApps = (except) => APPS.filter((app) => app !== except);
// `await import('@actsearch/worker')` too: no-restricted-imports sees only static imports.
const noDynamicAppImport = (except) => ({
  selector: `ImportExpression[source.value=/^@actsearch\\/(${otherApps(except).join('|')})(\\/|$)/]`,
  message: 'an app never imports another app: share through a package, assemble through @actsearch/runtime',
});
const appImports = (except) => ({
  group: otherApps(except).flatMap((app) => [`@actsearch/${app}`, `@actsearch/${app}/*`]),
  message: 'an app never imports another app: share through a package, assemble through @actsearch/runtime',
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.actsearch/**', 'coverage/**', 'apps/dashboard/build/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', NO_EVAL],
      'no-new-func': 'error',
    },
  },
  ...APPS.map((app) => ({
    files: [`apps/${app}/**`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports(app)] }],
      'no-restricted-syntax': ['error', NO_EVAL, noDynamicAppImport(app)],
    },
  })),
  {
    // The dashboard runs in the browser: it may bundle the pure packages (contract, core, expr, spaces,
    // search), never server code.
    files: ['apps/dashboard/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            appImports('dashboard'),
            {
              group: ['http', 'runtime', 'engine', 'store', 'queue', 'proxy', 'trials', 'tasks'].flatMap((p) => [
                `@actsearch/${p}`,
                `@actsearch/${p}/*`,
              ]),
              message: 'the dashboard runs in the browser: it bundles only the pure packages, never server code',
            },
          ],
        },
      ],
    },
  },
  {
    // Packages sit below every app.
    files: ['packages/*/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [appImports(null)] }],
      'no-restricted-syntax': ['error', NO_EVAL, noDynamicAppImport(null)],
    },
  },
  {
    // Pure core packages never touch I/O or the environment (docs/architecture.md).
    files: ['packages/core/src/**', 'packages/contract/src/**', 'packages/expr/src/**', 'packages/spaces/src/**', 'packages/search/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'net', 'http', 'os'], message: 'pure package: no I/O' },
            { group: ['@tensorflow/*', 'ioredis', 'bullmq', '@prisma/*', 'express'], message: 'pure package: no adapters' },
            appImports(null),
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'pure package: read no environment' }],
    },
  },
);
