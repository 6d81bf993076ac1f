export * from './ast.ts';
export * from './errors.ts';
export * from './rng.ts';
