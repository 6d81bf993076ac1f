// The guard between an evaluator and a trial (plain JavaScript: it starts in ~40 ms without a loader).
// It starts the trial command in a process group of its own and owns that group's end: on a `stop`
// message, or when its parent goes away (the IPC channel closes, e.g. the evaluator process was
// killed), it sends SIGTERM to the group and SIGKILL after the grace period. When the trial's main
// process exits, whatever it left behind in its group is killed too. It ignores SIGINT and SIGTERM
// sent to its own group (a terminal's Ctrl+C, a service manager's stop): whether a running trial
// ends is its parent's decision.
//
//   node guard.mjs <graceMs> <command> [args...]     (stdio is handed to the trial as is)
import { spawn } from 'node:child_process';

const graceMs = Number(process.argv[2]);
const [command, ...args] = process.argv.slice(3);
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

let child;
try {
  child = spawn(command, args, { detached: true, stdio: 'inherit' });
} catch (error) {
  process.stderr.write(`actsearch: cannot start ${command}: ${error.message}\n`);
  process.exit(127);
}

const killGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
};

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  killGroup('SIGTERM');
  setTimeout(() => {
    killGroup('SIGKILL');
    process.exit(137);
  }, graceMs);
}

child.on('error', (error) => {
  process.stderr.write(`actsearch: cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  killGroup('SIGKILL');
  process.send?.({ type: 'exit', code, signal }, () => process.exit(0));
  if (!process.connected) process.exit(0);
});
process.on('message', (message) => {
  if (message && message.type === 'stop') stop();
});
process.on('disconnect', () => {
  stop();
});
