import { fileURLToPath } from 'node:url';

/**
 * The proxy trainer (evaluator.ts), as a module path for the evaluator processes: the pool forks
 * children that load it by path, so it is named here rather than imported.
 */
export const EVALUATOR_MODULE = fileURLToPath(new URL('./evaluator.ts', import.meta.url));
