/**
 * Identical reads in flight share one computation ("single flight"): while a GET for a key is being
 * answered, the same GET from other clients waits for that answer instead of repeating it. A dashboard
 * watched by many people, or many `actsearch watch` processes, asks for the same leaderboard page and
 * campaign detail at once; each answer costs the one Node.js event loop a few milliseconds of Prisma,
 * statistics and JSON, so N identical requests queued behind each other cost N times that.
 *
 * Nothing is kept once the computation ends: a request that arrives after it gets a fresh answer, so
 * a reader never sees data older than a read that was already running when it arrived. The JSON text
 * is made once per computation and shared too.
 */
import type { Reply } from './route.ts';

export interface SharedReply {
  readonly reply: Reply;
  /** The body's JSON text, made on first use (only for replies with a JSON body). */
  json(replacer: ((key: string, value: unknown) => unknown) | undefined): string;
}

export class ReadCoalescer {
  private readonly inFlight = new Map<string, Promise<SharedReply>>();
  /** Requests answered by another request's computation (for /metrics and tests). */
  joined = 0;

  /** The answer of `compute` for `key`, shared with every call for `key` made while it runs. */
  run(key: string, compute: () => Promise<Reply>): Promise<SharedReply> {
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      this.joined++;
      return running;
    }
    const shared = compute()
      .then((reply) => sharedReply(reply))
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, shared);
    return shared;
  }

  get size(): number {
    return this.inFlight.size;
  }
}

function sharedReply(reply: Reply): SharedReply {
  let text: string | undefined;
  return {
    reply,
    json(replacer) {
      if (!('body' in reply)) throw new Error('json() of a reply without a JSON body');
      text ??= JSON.stringify(reply.body, replacer);
      return text;
    },
  };
}
