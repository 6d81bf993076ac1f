/**
 * One CLI command group (`expr`, `space`, `eval`, …). Each lives in commands/<name>.ts and is listed
 * once in commands/index.ts. `run` gets the arguments after the group name and an output sink, and
 * returns the exit code; it throws UsageError or an ActsearchError for bad input.
 */
export interface CliIo {
  /** Writes to standard output (a line break is not added). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Whether standard output is a terminal (progress bars only then). */
  readonly isTty: boolean;
  /** The working directory used to resolve relative paths and find search-spaces/. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `actsearch --help`. */
  readonly summary: string;
  /** Full usage text for `actsearch <name> --help`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
