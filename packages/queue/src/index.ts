export * from './dispatcher.ts';
export * from './errors.ts';
export { EvaluatorPool } from './evaluator-pool.ts';
export type { EvaluatorPoolOptions, EvaluatorPoolStats, EvaluatorSlotInfo, RunOptions } from './evaluator-pool.ts';
export { LocalDispatcher } from './local-dispatcher.ts';
export type { LocalDispatcherOptions } from './local-dispatcher.ts';
export { BullmqDispatcher } from './bullmq-dispatcher.ts';
export type { BullmqDispatcherOptions, RedisConnectionOptions } from './bullmq-dispatcher.ts';
export { evaluationJobId, keyOfEvaluationJobId } from './job-id.ts';
