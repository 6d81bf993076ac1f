/** Liveness, readiness (every dependency answers) and Prometheus metrics. */
import type { ApiContext } from '../context.ts';
import type { Reply } from '../route.ts';

const PROBE_TIMEOUT_MS = 2000;

const started = Date.now();

export async function healthz(_input: unknown, ctx: ApiContext): Promise<Reply> {
  return { status: 200, body: { status: 'ok', mode: ctx.mode, uptimeSeconds: Math.round((Date.now() - started) / 1000) } };
}

function withTimeout(probe: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    probe().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function readyz(_input: unknown, ctx: ApiContext): Promise<Reply> {
  const entries = await Promise.all(
    Object.entries(ctx.readiness).map(async ([name, probe]) => {
      try {
        await withTimeout(probe);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`] as const;
      }
    }),
  );
  const ready = entries.every(([, state]) => state === 'ok');
  return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(entries) } };
}

export async function metrics(_input: unknown, ctx: ApiContext): Promise<Reply> {
  const { text, contentType } = await ctx.metrics.render();
  return { status: 200, text, contentType };
}
