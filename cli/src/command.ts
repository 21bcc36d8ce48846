/** The shape of a knhk sub-command and the streams it writes to. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** What a command receives: its own arguments (after the command words) and where to write. */
export interface CommandInput {
  readonly args: readonly string[];
  readonly output: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A sub-command: returns the process exit code (0 ok, 1 failed, 2 usage error). */
export interface Command {
  /** Words that name it, e.g. ['plugin', 'new']. */
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  run(input: CommandInput): Promise<number>;
}
