/** Builds the handlers' context from the parts an assembly owns (store, engine, catalog, tasks). */
import type { SpaceCatalog } from '@actsearch/spaces';
import type { Store } from '@actsearch/store';
import pino, { type Logger } from 'pino';
import { CampaignEvents } from './campaign-events.ts';
import { apiConfig, type ApiConfig } from './config.ts';
import type { ApiContext, CampaignControl, ReadinessProbes, TaskInfo } from './context.ts';
import { createApiMetrics, type ApiMetrics } from './metrics.ts';

export interface ApiParts {
  readonly store: Store;
  readonly engine: CampaignControl;
  readonly spaces: SpaceCatalog;
  readonly tasks: readonly TaskInfo[];
  readonly defaultTask: string;
  readonly config?: ApiConfig;
  /** Checked by /readyz besides the database (e.g. `queue`). */
  readonly readiness?: ReadinessProbes;
  readonly logger?: Logger;
  readonly metrics?: ApiMetrics;
  readonly mode?: string;
  readonly now?: () => Date;
}

export function createApiContext(parts: ApiParts): ApiContext {
  const config = parts.config ?? apiConfig();
  const now = parts.now ?? (() => new Date());
  return {
    store: parts.store,
    engine: parts.engine,
    spaces: parts.spaces,
    tasks: parts.tasks,
    defaultTask: parts.defaultTask,
    config,
    readiness: { database: () => parts.store.ping(), ...parts.readiness },
    events: new CampaignEvents(parts.store, { pollMs: config.eventsPollMs, now, tasks: parts.tasks }),
    metrics: parts.metrics ?? createApiMetrics(),
    logger: parts.logger ?? pino({ level: 'silent' }),
    mode: parts.mode ?? 'api',
    now,
  };
}
