/**
 * @actsearch/core — the vocabulary every layer shares: the error hierarchy with its stable codes, and
 * the identity of an evaluation (docs/architecture.md, "Identities"). Pure and tiny: no I/O, no
 * dependencies, so the expression algebra, the store, the engine and the apps can all import it.
 */
export * from './errors.ts';
export * from './evaluation-key.ts';
