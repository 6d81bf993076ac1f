import type { CliIo } from './command.ts';
import { describeError, exitCodeFor } from './cli-error.ts';
import { commands } from './commands/index.ts';

function helpText(): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: actsearch <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    "Run 'actsearch <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Dispatches argv to a command group. Errors become one line on stderr and exit code 2 (bad input) or 1. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command '${name}' (known: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.err(`${describeError(err)}\n`);
    return exitCodeFor(err);
  }
}
