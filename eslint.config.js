import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.actsearch/**', 'coverage/**', 'apps/dashboard/build/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'Expressions are data: never eval user input.' },
      ],
      'no-new-func': 'error',
    },
  },
  {
    // Pure core packages never touch I/O or the environment (docs/architecture.md).
    files: ['packages/core/src/**', 'packages/expr/src/**', 'packages/spaces/src/**', 'packages/search/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'net', 'http', 'os'], message: 'pure package: no I/O' },
            { group: ['@tensorflow/*', 'ioredis', 'bullmq', '@prisma/*', 'express'], message: 'pure package: no adapters' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'pure package: read no environment' }],
    },
  },
);
