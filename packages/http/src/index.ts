/**
 * @actsearch/http — the HTTP API: a declarative route table (routes.ts), small handlers, one Express
 * adapter, one error middleware, OpenAPI generated from the same zod schemas.
 */
export { createApiApp, type ApiApp, type ApiAppOptions } from './app.ts';
export { createApiContext, type ApiParts } from './create-context.ts';
export type { ApiContext, CampaignControl, ReadinessProbes, TaskInfo } from './context.ts';
export { apiConfig, apiConfigFromEnv, apiConfigSchema, type ApiConfig, type ApiConfigInput } from './config.ts';
export { generateToken, parseTokenList, tokenVerifier, type Principal, type TokenVerifier } from './auth.ts';
export { bind, listen, ListenError, type BoundServer, type RunningServer } from './http-server.ts';
export { ROUTES, openApiDocument } from './routes.ts';
export type { Reply, Route, RouteInput, EventSink } from './route.ts';
export { errorReply, HttpError } from './http-error.ts';
export { createApiMetrics, type ApiMetrics } from './metrics.ts';
export { CampaignEvents, type CampaignSnapshot } from './campaign-events.ts';
export { BASELINE_FINGERPRINT, BASELINE_TEXT } from './baseline.ts';
export { API_VERSION } from './version.ts';
export { serve, DEFAULT_DASHBOARD_DIR, type RunningDaemon, type Serve, type ServeOptions } from './serve.ts';
export { loadOrCreateToken, tokenFilePath, TOKEN_FILE_NAME } from './token-file.ts';
export type {
  ActivationBody,
  CampaignBestBody,
  CampaignBody,
  CampaignSummaryBody,
  CandidateBody,
  ErrorResponseBody,
  LeaderboardBody,
  PageBody,
} from './response-types.ts';
