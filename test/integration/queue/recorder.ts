import type { DispatchHandlers, EvaluationJob } from '@actsearch/queue';
import type { TestPayload, TestResult } from './fixtures/test-evaluator.ts';

export interface Evaluated {
  readonly job: EvaluationJob<TestPayload>;
  readonly result: TestResult;
}

export interface Failed {
  readonly job: EvaluationJob<TestPayload>;
  readonly error: Error;
  readonly final: boolean;
}

/** Dispatch handlers that record every call; tests may swap in behaviour per handler. */
export class Recorder {
  readonly drives: string[] = [];
  readonly evaluated: Evaluated[] = [];
  readonly failed: Failed[] = [];
  /** Every call to `evaluated`, including ones that threw. */
  evaluatedCalls = 0;
  onDrive: (campaignId: string, run: number) => Promise<void> = async () => undefined;
  onEvaluated: (call: number) => Promise<void> = async () => undefined;

  handlers(): DispatchHandlers<TestPayload, TestResult> {
    return {
      drive: async (campaignId) => {
        this.drives.push(campaignId);
        await this.onDrive(campaignId, this.drives.length);
      },
      evaluated: async (job, result) => {
        this.evaluatedCalls += 1;
        await this.onEvaluated(this.evaluatedCalls);
        this.evaluated.push({ job, result });
      },
      failed: async (job, error, info) => {
        this.failed.push({ job, error, final: info.final });
      },
    };
  }

  evaluatedKeys(): string[] {
    return this.evaluated.map((entry) => entry.job.key).sort();
  }

  drivesOf(campaignId: string): number {
    return this.drives.filter((id) => id === campaignId).length;
  }
}
