import type { Dispatcher } from '@actsearch/queue';
import type { SearchSpace } from '@actsearch/spaces';
import type { Store } from '@actsearch/store';
import type { EvaluationOutcome, EvaluationPayload, Prescreen } from './evaluation.ts';
import type { EngineLogger } from './logger.ts';

/** Where the engine finds spaces by id (a `SpaceCatalog` from `@actsearch/spaces` fits). */
export interface SpaceLookup {
  /** Throws NotFoundError for an unknown id. */
  get(id: string): SearchSpace;
  has(id: string): boolean;
  ids(): readonly string[];
}

/** A task the evaluators know, with the version their training is at (a proxy `TaskDefinition` fits). */
export interface KnownTask {
  readonly id: string;
  readonly version: number;
  /** `accuracy`, `neg_mse`, …: gives the range intervals are cut at. */
  readonly metric?: string;
  /** Training steps per fidelity: scales a measured training time to another fidelity. */
  readonly fidelities?: Readonly<Record<string, { readonly steps: number }>>;
  /** `builtin` (a proxy network) or `command` (a user's trial, docs/trials.md); absent: unknown. */
  readonly kind?: string;
  /** A proxy network's shape: where a layer takes the activation's place, and how many channels it sees there. */
  readonly architecture?: TaskArchitecture;
}

/** The proxy architectures' widths (a proxy `ArchitectureSpec` fits). */
export type TaskArchitecture =
  | { readonly kind: 'mlp'; readonly hidden: readonly number[] }
  | { readonly kind: 'residual-mlp'; readonly width: number }
  | { readonly kind: 'cnn'; readonly channels: readonly number[] };

export type EngineDispatcher = Dispatcher<EvaluationPayload, EvaluationOutcome>;

/** What happened to one evaluation, for metrics (packages/runtime/src/metrics.ts counts these for Prometheus). */
export type EvaluationEvent =
  | {
      readonly kind: 'stored';
      readonly key: string;
      readonly status: 'done' | 'rejected';
      readonly durationMs: number;
      readonly backend: string;
    }
  | { readonly kind: 'failed'; readonly key: string; readonly final: boolean; readonly error: string };

/** Everything the drive loop, the result handlers and the sweeper share. */
export interface EngineContext {
  readonly store: Store;
  readonly dispatcher: EngineDispatcher;
  readonly spaces: SpaceLookup;
  readonly prescreen: Prescreen | undefined;
  readonly log: EngineLogger;
  /** Recorded on evaluations and in drive lease owners. */
  readonly workerId: string;
  readonly driveLeaseMs: number;
  /** Ask/dispatch rounds one drive runs before it hands the campaign back to the queue. */
  readonly maxRoundsPerDrive: number;
  /** How long a drive asked for by a result waits for more results to share it. */
  readonly resultDriveDelayMs: number;
  readonly onEvaluation: ((event: EvaluationEvent) => void) | undefined;
}
