// The reference's part of the spec is wire contract (packages/contract/src/spec/reference.ts).
export { DEFAULT_REFERENCE, referenceSpecSchema, type ReferenceSpec } from '@actsearch/contract';
