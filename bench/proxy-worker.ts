/**
 * A child process for the proxy benchmarks: reads evaluation jobs (JSON lines) from stdin, runs each
 * with evaluateCandidate, and writes one JSON line per result to stdout. One worker per core, because
 * WASM has no threads in Node. `runJobs` is the parent side.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { evaluateCandidate, type EvaluateCandidateInput, type EvaluationResult } from '@actsearch/proxy';

export interface Job {
  readonly id: number;
  readonly input: Omit<EvaluateCandidateInput, 'onProgress'>;
}

export interface JobResult {
  readonly id: number;
  readonly result?: EvaluationResult;
  readonly error?: string;
}

/** Runs the jobs on `workers` child processes (round-robin), calling `onResult` as results arrive. */
export async function runJobs(jobs: readonly Job[], workers: number, onResult: (r: JobResult) => void): Promise<JobResult[]> {
  const self = fileURLToPath(import.meta.url);
  const all: JobResult[] = [];
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, (_, w) => {
      const mine = jobs.filter((_, i) => i % workers === w);
      return new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', self, '--worker'], { stdio: ['pipe', 'pipe', 'inherit'] });
        createInterface({ input: child.stdout }).on('line', (line) => {
          const r = JSON.parse(line) as JobResult;
          all.push(r);
          onResult(r);
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))));
        for (const job of mine) child.stdin.write(`${JSON.stringify(job)}\n`);
        child.stdin.end();
      });
    }),
  );
  return all.sort((a, b) => a.id - b.id);
}

if (process.argv.includes('--worker')) {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const job = JSON.parse(line) as Job;
    try {
      const result = await evaluateCandidate(job.input);
      process.stdout.write(`${JSON.stringify({ id: job.id, result })}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ id: job.id, error: (err as Error).message })}\n`);
    }
  }
}
