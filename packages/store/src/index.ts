export { openStore, DEFAULT_MIGRATIONS_DIR } from './open-store.ts';
export type { Store, StoreOptions, PostgresStoreOptions, PgliteStoreOptions } from './open-store.ts';
export { CampaignRepository } from './campaign-repository.ts';
export type { NewCampaign, CampaignListQuery, TransitionOptions, SaveStrategyStateOptions } from './campaign-repository.ts';
export { CAMPAIGN_COUNTERS, COUNTER_OF_STATE } from './campaign-counters.ts';
export type { CampaignCounter, CounterDeltas } from './campaign-counters.ts';
export { CAMPAIGN_STATUSES, canTransition, isTerminalStatus, statusesLeadingTo } from './campaign-status.ts';
export { ActivationRepository } from './activation-repository.ts';
export type { ActivationInput } from './activation-repository.ts';
export { CandidateRepository, CANDIDATE_STATES, RESOLVED_CANDIDATE_STATES } from './candidate-repository.ts';
export type { NewCandidate, CandidateTransition, CandidateListQuery } from './candidate-repository.ts';
export { EvaluationRepository } from './evaluation-repository.ts';
export type { EvaluationInput, UpsertedEvaluation } from './evaluation-repository.ts';
export { queryLeaderboard, seedStatistics } from './leaderboard.ts';
export { differenceRangeOf, metricRangeOf } from './metric-range.ts';
export type { IntervalClipping, LeaderboardQuery, LeaderboardRow, LeaderboardPage, MetricRange, SeedStatistics } from './leaderboard.ts';
export { WorkerRepository, WORKER_RETENTION_MS } from './worker-repository.ts';
export { TaskVersionRepository, type TaskVersionRecord } from './task-version-repository.ts';
export type { WorkerHeartbeat } from './worker-repository.ts';
export { textProblem } from './storable-text.ts';
export { studentTQuantile, studentTCdf } from './student-t.ts';
export { migrate, readMigrations, checksumOf, MIGRATIONS_TABLE } from './sql-migrator.ts';
export type { Migration, MigrationReport, MigrateOptions, SqlSession } from './sql-migrator.ts';
export { pgSession, pgliteSession } from './sql-sessions.ts';
export type { Page } from './cursor.ts';
export type { JsonValue } from './json.ts';
export type {
  Activation,
  Campaign,
  CampaignStatus,
  Candidate,
  CandidateState,
  Evaluation,
  EvaluationStatus,
  Worker,
} from './client.ts';
