/**
 * What handlers may use. The app assembly (embedded daemon, API role, tests) builds one; handlers
 * never reach for globals, the environment or the file system.
 */
import type { SpaceCatalog } from '@actsearch/spaces';
import type { Engine } from '@actsearch/engine';
import type { Store } from '@actsearch/store';
import type { Logger } from 'pino';
import type { ApiConfig } from './config.ts';
import type { CampaignEvents } from './campaign-events.ts';
import type { ApiMetrics } from './metrics.ts';

/** A proxy task as the API lists it (the proxy's TaskDefinition fits). */
export interface TaskInfo {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly metric: string;
  readonly chance?: number;
  readonly fidelities: Readonly<Record<string, { readonly steps: number; readonly batchSize: number }>>;
  /** `builtin` (the TF.js trainer) or `command` (a user's training command); absent: builtin. */
  readonly kind?: 'builtin' | 'command';
  /** The quality floor; null: the task has no quality test. */
  readonly quality?: { readonly step: number; readonly floor: number } | null;
}

/**
 * The engine operations the API calls (`Engine` of @actsearch/engine fits). The engine validates
 * again, but the API's checks come first, so bad input never reaches it.
 */
export type CampaignControl = Pick<Engine, 'submitCampaign' | 'pause' | 'resume' | 'cancel'>;

/** Readiness checks: each resolves when its dependency answers. */
export interface ReadinessProbes {
  readonly [dependency: string]: () => Promise<void>;
}

export interface ApiContext {
  readonly store: Store;
  readonly engine: CampaignControl;
  readonly spaces: SpaceCatalog;
  readonly tasks: readonly TaskInfo[];
  readonly defaultTask: string;
  readonly config: ApiConfig;
  readonly readiness: ReadinessProbes;
  readonly events: CampaignEvents;
  readonly metrics: ApiMetrics;
  readonly logger: Logger;
  /** How this process runs (`embedded`, `api`), for /healthz. */
  readonly mode: string;
  readonly now: () => Date;
}
