import process from 'node:process';
import type { CliIo } from './command.ts';
import { describeError, exitCodeFor } from './cli-error.ts';
import { runCli } from './run-cli.ts';

const io: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTty: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
  env: process.env,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.err(`${describeError(err)}\n`);
    process.exitCode = exitCodeFor(err);
  },
);
