/**
 * The shape of a knhk command: what it is called, what it takes (with the words help prints
 * for each), an example, and the function that runs it. Help, usage lines, option parsing and
 * the test that walks every command all read this one table entry.
 */
import { parseCommandArgs, type ParsedArgs } from './parse.js';

/** Where a command writes: results on `out`, progress and messages on `err`. */
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

/** One `--option` of a command: its parsing (as node:util parseArgs takes it) and its help. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once; the values are collected in order. */
  readonly multiple?: boolean;
  /** The placeholder help shows for a string option's value, e.g. `DIR`. */
  readonly value?: string;
  /** Must be given (checked before the command runs; the usage line shows it outside brackets). */
  readonly required?: boolean;
  /** One line: what it does, its default. */
  readonly description: string;
}

/** A command's options by long name (without the leading `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** One positional argument, as help shows it. */
export interface ArgumentSpec {
  /** As in the usage line, e.g. `<dir>` or `KEY`. */
  readonly name: string;
  readonly description: string;
  /** Optional arguments come after the required ones. */
  readonly optional?: boolean;
}

/** A command of the table: returns the process exit code (0 ok, 1 failed, 2 usage error). */
export interface Command {
  /** Words that name it, e.g. ['plugin', 'new']. */
  readonly words: readonly string[];
  /** One line: what it does. */
  readonly summary: string;
  readonly arguments: readonly ArgumentSpec[];
  readonly options: OptionSpecs;
  /** At least one command line, as a user types it (without a leading `$`). */
  readonly examples: readonly string[];
  /** Paragraphs help prints after the options. */
  readonly details?: string;
  /** Parses `input.args` against `options` and `arguments`, then runs. */
  run(input: CommandInput): Promise<number>;
}

/** A command's definition: its table entry, with a `run` that gets the parsed arguments. */
export interface CommandSpec<O extends OptionSpecs> extends Omit<Command, 'run' | 'options' | 'arguments'> {
  readonly arguments?: readonly ArgumentSpec[];
  readonly options: O;
  run(parsed: ParsedArgs<O>, input: CommandInput): Promise<number>;
}

/** Words that group commands (`knhk market license ...`), with the line help shows for them. */
export interface CommandGroup {
  readonly words: readonly string[];
  readonly summary: string;
}

/** Makes a table entry whose `run` parses its arguments strictly before running the body. */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): Command {
  const command: Command = {
    words: spec.words,
    summary: spec.summary,
    arguments: spec.arguments ?? [],
    options: spec.options,
    examples: spec.examples,
    ...(spec.details !== undefined ? { details: spec.details } : {}),
    run: (input) => spec.run(parseCommandArgs(command, spec.options, input.args), input),
  };
  return command;
}

/** True when the command prints its results as JSON with `--json`. */
export function hasJsonOutput(command: Command): boolean {
  return command.options.json?.type === 'boolean';
}
