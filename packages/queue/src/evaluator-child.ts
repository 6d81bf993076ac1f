/**
 * Entry point of one evaluator child process (forked by EvaluatorPool, never imported). It loads the
 * evaluator module named by argv[2] (a file URL), then runs one `evaluate(payload)` per `run` message
 * and answers over IPC. Training blocks this process's event loop, which is the point: no queue lock
 * lives here.
 */
import { serializeError } from './evaluator-protocol.ts';
import type { ChildMessage, ParentMessage } from './evaluator-protocol.ts';

type Evaluate = (payload: unknown) => unknown;

// The parent went away (recycled us, closed, or died): there is nobody to answer, so stop.
process.on('disconnect', () => process.exit(0));
// A terminal's Ctrl+C (SIGINT) and a service manager's stop (SIGTERM to the whole group) reach this
// process too. The parent decides what happens to the running job — let it finish, or kill this
// process and hand the job back — so the signal alone must not end the job half-way.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

async function main(): Promise<void> {
  const moduleUrl = process.argv[2];
  let evaluate: Evaluate;
  try {
    if (moduleUrl === undefined) throw new Error('no evaluator module was given');
    const loaded = (await import(moduleUrl)) as { evaluate?: unknown };
    if (typeof loaded.evaluate !== 'function') {
      throw new Error(`evaluator module ${moduleUrl} does not export a function named evaluate`);
    }
    evaluate = loaded.evaluate as Evaluate;
  } catch (error) {
    await send({ type: 'startup-failed', error: serializeError(error) });
    process.exit(1);
  }

  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'run') return;
    void (async () => {
      let reply: ChildMessage;
      try {
        reply = { type: 'result', id: message.id, ok: true, value: await evaluate(message.payload) };
      } catch (error) {
        reply = { type: 'result', id: message.id, ok: false, error: serializeError(error) };
      }
      try {
        await send(reply);
      } catch (error) {
        // A result structured clone cannot copy (a function, a class instance with methods...).
        await send({ type: 'result', id: message.id, ok: false, error: serializeError(error) });
      }
    })();
  });
  await send({ type: 'ready' });
}

void main();
